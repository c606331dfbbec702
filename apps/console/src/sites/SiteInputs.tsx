import { ArrayInput, maxLength, required, SelectInput, SimpleFormIterator, TextInput } from 'react-admin';
import { LIMITS, SITE_KINDS, SITE_STATUSES } from '@vigie/domain';
import { AddRowButton } from '../common/AddRowButton';
import { vocabularyChoices } from '../common/choices';
import { maxRows } from '../common/validators';
import { LocationInput } from '../geo/LocationInput';

const shortText = maxLength(LIMITS.shortText);

/** Inputs shared by SiteCreate and SiteEdit. The perimeter is kept as is (no drawing tool yet). */
export const SiteInputs = () => (
  <>
    <TextInput source="name" validate={[required(), shortText]} />
    <ArrayInput source="aliases" validate={maxRows}>
      <SimpleFormIterator
        inline
        disableReordering
        addButton={<AddRowButton label="vigie.actions.addAlias" />}
      >
        <TextInput source="" label="resources.sites.fields.aliases" validate={shortText} />
      </SimpleFormIterator>
    </ArrayInput>
    <SelectInput source="kind" choices={vocabularyChoices(SITE_KINDS)} validate={required()} />
    <SelectInput source="status" choices={vocabularyChoices(SITE_STATUSES)} validate={required()} />
    <LocationInput source="location" />
    <TextInput source="notes" multiline minRows={3} validate={maxLength(LIMITS.longText)} />
  </>
);
