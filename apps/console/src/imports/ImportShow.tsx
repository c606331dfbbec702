import type { ImportDetail, ImportDryRun } from '@vigie/domain';
import { useState } from 'react';
import { Loading, ShowBase, useNotify, useRecordContext, useRedirect } from 'react-admin';
import { CommitStep } from './CommitStep';
import { DryRunStep } from './DryRunStep';
import { MappingStep } from './MappingStep';
import { WizardFrame } from './WizardFrame';
import { stepOf, type WizardStep } from './wizardSteps';

/**
 * An import's page (`#/imports/:id/show`): the wizard, opened at the step its status has reached,
 * so that an import left halfway is taken up again from the history.
 */
export const ImportShow = () => {
  const notify = useNotify();
  const redirect = useRedirect();
  return (
    <ShowBase
      queryOptions={{
        // Another coordinator's import: its content is not theirs to read (404).
        onError: () => {
          notify('vigie.imports.notVisible', { type: 'warning' });
          redirect('list', 'imports');
        },
      }}
    >
      <ImportWizard />
    </ShowBase>
  );
};

const ImportWizard = () => {
  const record = useRecordContext<ImportDetail>();
  if (!record) return <Loading />;
  return <ImportSteps key={record.id} record={record} />;
};

const ImportSteps = ({ record }: { record: ImportDetail }) => {
  const [step, setStep] = useState<WizardStep>(() => stepOf(record.status));
  // Each dry run gets a new number, so that the rows shown are read again.
  const [checks, setChecks] = useState(0);
  const onChecked = (_dryRun: ImportDryRun) => {
    setChecks((count) => count + 1);
    setStep('check');
  };
  return (
    <WizardFrame step={step} fileName={record.fileName}>
      {step === 'mapping' || step === 'upload' ? <MappingStep detail={record} onChecked={onChecked} /> : null}
      {step === 'check' ? (
        <DryRunStep
          record={record}
          summary={record.summary}
          version={checks}
          onBack={() => setStep('mapping')}
          onNext={() => setStep('commit')}
        />
      ) : null}
      {step === 'commit' ? (
        <CommitStep record={record} summary={record.summary} onBack={() => setStep('check')} />
      ) : null}
    </WizardFrame>
  );
};
