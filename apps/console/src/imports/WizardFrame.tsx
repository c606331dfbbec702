import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import Step from '@mui/material/Step';
import StepLabel from '@mui/material/StepLabel';
import Stepper from '@mui/material/Stepper';
import type { ReactNode } from 'react';
import { Title, useTranslate } from 'react-admin';
import { WIZARD_STEPS, type WizardStep } from './wizardSteps';

/**
 * The wizard's page: its title (« Nouvel import », or the file's name once uploaded), where it
 * stands among the four steps, and the current step.
 */
export const WizardFrame = ({
  step,
  fileName,
  children,
}: {
  step: WizardStep;
  fileName?: string;
  children: ReactNode;
}) => {
  const translate = useTranslate();
  return (
    <Card sx={{ mt: 2 }}>
      <Title
        title={
          fileName === undefined
            ? 'vigie.imports.newImport'
            : translate('vigie.imports.importTitle', { fileName })
        }
      />
      <CardContent>
        <Stepper activeStep={WIZARD_STEPS.indexOf(step)} sx={{ mb: 3 }}>
          {WIZARD_STEPS.map((name) => (
            <Step key={name}>
              <StepLabel>{translate(`vigie.imports.steps.${name}`)}</StepLabel>
            </Step>
          ))}
        </Stepper>
        {children}
      </CardContent>
    </Card>
  );
};
