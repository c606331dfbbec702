import { minLength } from 'react-admin';
import { PASSWORD_MIN_LENGTH } from '@vigie/domain';

/** The length rule, checked before sending; the server also refuses the most common passwords. */
export const passwordLength = minLength(PASSWORD_MIN_LENGTH, 'vigie.users.passwordTooShort');

export const PASSWORD_RULES_KEY = 'vigie.users.passwordRules';
