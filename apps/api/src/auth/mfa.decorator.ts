import { SetMetadata } from '@nestjs/common';
import { MFA_PENDING_ALLOWED } from './access.guard';

/** Usable by a session whose role requires a second factor not yet set up (to set it up). */
export const AllowDuringMfaEnrolment = () => SetMetadata(MFA_PENDING_ALLOWED, true);
