import { UploadStep } from './UploadStep';
import { WizardFrame } from './WizardFrame';

/** « Nouvel import » (`#/imports/create`): the wizard's first step. */
export const ImportCreate = () => (
  <WizardFrame step="upload">
    <UploadStep />
  </WizardFrame>
);
