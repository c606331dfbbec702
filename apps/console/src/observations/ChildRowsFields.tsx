import Typography from '@mui/material/Typography';
import { useRecordContext, useTranslate, type FieldProps } from 'react-admin';
import { FORCE_UNITS, SEIZURE_ITEMS, type ForceRecord, type SeizureRecord } from '@vigie/domain';
import { termKey } from '../common/choices';

/**
 * Child rows as short lines of text rather than a table: a table is wider than a phone screen.
 */
const Lines = ({ lines }: { lines: string[] }) => {
  if (lines.length === 0) {
    return (
      <Typography component="span" variant="body2">
        —
      </Typography>
    );
  }
  return (
    <Typography component="ul" variant="body2" sx={{ m: 0, pl: 2.5 }}>
      {lines.map((line, index) => (
        <li key={index}>{line}</li>
      ))}
    </Typography>
  );
};

/** "CRS — véhicules : 4, agents : 12 (AB-123-CD)" */
export const ForcesField = (_props: FieldProps) => {
  const record = useRecordContext();
  const translate = useTranslate();
  const forces = Array.isArray(record?.forces) ? (record.forces as ForceRecord[]) : [];
  const label = (field: string) => translate(`resources.observations.fields.forces.${field}`);
  return (
    <Lines
      lines={forces.map((force) => {
        const counts = [
          force.vehicles != null ? `${label('vehicles')} : ${force.vehicles}` : null,
          force.officers != null ? `${label('officers')} : ${force.officers}` : null,
        ].filter((part) => part !== null);
        const unit = translate(termKey(FORCE_UNITS, force.unit));
        const details = counts.length > 0 ? ` — ${counts.join(', ')}` : '';
        const identifiers = force.identifiers ? ` (${force.identifiers})` : '';
        return `${unit}${details}${identifiers}`;
      })}
    />
  );
};

/** "Tentes : 12 (détruit sur place)" */
export const SeizuresField = (_props: FieldProps) => {
  const record = useRecordContext();
  const translate = useTranslate();
  const seizures = Array.isArray(record?.seizures) ? (record.seizures as SeizureRecord[]) : [];
  return (
    <Lines
      lines={seizures.map((seizure) => {
        const item = translate(termKey(SEIZURE_ITEMS, seizure.item));
        const destroyed = seizure.destroyed
          ? ` (${translate('resources.observations.fields.seizures.destroyed').toLowerCase()})`
          : '';
        return `${item} : ${seizure.quantity}${destroyed}`;
      })}
    />
  );
};
