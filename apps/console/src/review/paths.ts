/** The review queue's page (kept apart from the page so that the menu does not load its code). */
export const REVIEW_QUEUE_PATH = '/review';
