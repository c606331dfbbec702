import Box from '@mui/material/Box';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useTranslate } from 'react-admin';
import type { Vocabulary } from '@vigie/domain';
import { termKey } from '../common/choices';
import { colorOf } from './colors';

export interface LegendProps {
  vocabulary: Vocabulary<string>;
  colors: Record<string, string>;
}

/** Colour → label of the points of a map. */
export const Legend = ({ vocabulary, colors }: LegendProps) => {
  const translate = useTranslate();
  return (
    <Stack
      component="ul"
      direction="row"
      aria-label={translate('vigie.map.legend')}
      sx={{ flexWrap: 'wrap', listStyle: 'none', p: 0, m: 0, mt: 1, columnGap: 2, rowGap: 0.5 }}
    >
      {vocabulary.codes.map((code) => (
        <Stack component="li" key={code} direction="row" spacing={0.75} sx={{ alignItems: 'center' }}>
          <Box
            aria-hidden
            sx={{
              width: 14,
              height: 14,
              borderRadius: '50%',
              border: '1px solid #fff',
              boxShadow: '0 0 0 1px rgba(0,0,0,0.3)',
              backgroundColor: colorOf(colors, code),
            }}
          />
          <Typography variant="body2">{translate(termKey(vocabulary, code))}</Typography>
        </Stack>
      ))}
    </Stack>
  );
};
