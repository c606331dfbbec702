import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';
import { useTranslate } from 'react-admin';

/**
 * Counts side by side, each a number over its label, with a stable test id (`<prefix>-<name>`) and
 * the number in `data-count`.
 */
export const Counts = ({
  counts,
  labels,
  testIdPrefix,
  tones = {},
}: {
  counts: Readonly<Record<string, number>>;
  /** Translation key prefix of the labels: `<labels>.<name>`. */
  labels: string;
  testIdPrefix: string;
  tones?: Readonly<Record<string, string>>;
}) => {
  const translate = useTranslate();
  return (
    <Box sx={{ display: 'flex', gap: 4, flexWrap: 'wrap' }}>
      {Object.entries(counts).map(([name, count]) => (
        <Box key={name} data-testid={`${testIdPrefix}-${name}`} data-count={count}>
          <Typography variant="h4" component="p" sx={{ color: tones[name] ?? 'text.primary' }}>
            {count.toLocaleString()}
          </Typography>
          <Typography variant="body2" color="text.secondary">
            {translate(`${labels}.${name}`)}
          </Typography>
        </Box>
      ))}
    </Box>
  );
};
