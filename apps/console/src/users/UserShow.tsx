import {
  BooleanField,
  EditButton,
  ListButton,
  NumberField,
  SelectField,
  Show,
  TabbedShowLayout,
  TextField,
  TopToolbar,
  useRecordContext,
} from 'react-admin';
import { ParisDateTimeField } from '../common/ParisDateTimeField';
import { RecordHistory } from '../history/RecordHistory';
import {
  DeactivateButton,
  isLocked,
  ResetPasswordButton,
  ResetTotpButton,
  UnlockButton,
} from './UserActions';
import { roleChoices } from './UserInputs';

const ShowActions = () => (
  <TopToolbar sx={{ flexWrap: 'wrap' }}>
    <ListButton />
    <EditButton />
    <ResetPasswordButton />
    <UnlockButton />
    <ResetTotpButton />
    <DeactivateButton />
  </TopToolbar>
);

const UserTitle = () => {
  const record = useRecordContext();
  return <span>{typeof record?.name === 'string' ? record.name : ''}</span>;
};

/** The lock end, only while it runs (a past `lockedUntil` means nothing to the reader). */
const LockField = (_props: { label?: string }) => {
  const record = useRecordContext();
  if (!record || !isLocked(record.lockedUntil)) return <span>—</span>;
  return <ParisDateTimeField source="lockedUntil" />;
};

export const UserShow = () => (
  <Show actions={<ShowActions />} title={<UserTitle />}>
    <TabbedShowLayout>
      <TabbedShowLayout.Tab label="vigie.tabs.record">
        <TextField source="name" />
        <TextField source="email" />
        <SelectField source="role" choices={roleChoices} />
        <BooleanField source="active" />
        <BooleanField source="totpEnabled" />
        <ParisDateTimeField source="lastLoginAt" emptyText="—" />
        <LockField label="resources.users.fields.lockedUntil" />
        <ParisDateTimeField source="createdAt" />
        <ParisDateTimeField source="updatedAt" />
        <NumberField source="version" />
      </TabbedShowLayout.Tab>
      <TabbedShowLayout.Tab label="vigie.tabs.history" path="history">
        <RecordHistory />
      </TabbedShowLayout.Tab>
    </TabbedShowLayout>
  </Show>
);
