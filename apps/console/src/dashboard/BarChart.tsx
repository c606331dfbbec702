import Box from '@mui/material/Box';
import { useTheme } from '@mui/material/styles';

export interface Bar {
  /** Shown under the first and last bars and in each bar's tooltip. */
  label: string;
  value: number;
}

const HEIGHT = 160;
const BAR = 12;
const GAP = 3;

/**
 * A plain SVG bar chart: a series of a few dozen bars needs no charting library. It scales to the
 * width of its box (phones included), each bar says its date and value on hover, and the whole chart
 * has an accessible summary.
 */
export const BarChart = ({
  bars,
  label,
  format,
}: {
  bars: Bar[];
  label: string;
  format: (n: number) => string;
}) => {
  const theme = useTheme();
  const max = Math.max(1, ...bars.map((bar) => bar.value));
  const width = Math.max(1, bars.length) * (BAR + GAP);
  const first = bars[0];
  const last = bars[bars.length - 1];
  return (
    <Box sx={{ width: '100%', overflowX: 'auto' }}>
      <svg
        role="img"
        aria-label={label}
        viewBox={`0 0 ${width} ${HEIGHT}`}
        preserveAspectRatio="none"
        style={{ width: '100%', height: HEIGHT, display: 'block' }}
      >
        <line x1={0} x2={width} y1={HEIGHT} y2={HEIGHT} stroke={theme.palette.divider} strokeWidth={1} />
        {bars.map((bar, index) => {
          const height = (bar.value / max) * (HEIGHT - 4);
          return (
            <rect
              key={bar.label}
              data-value={bar.value}
              x={index * (BAR + GAP)}
              y={HEIGHT - height}
              width={BAR}
              height={height}
              fill={theme.palette.primary.main}
            >
              <title>{`${bar.label} — ${format(bar.value)}`}</title>
            </rect>
          );
        })}
      </svg>
      <Box
        sx={{
          display: 'flex',
          justifyContent: 'space-between',
          typography: 'caption',
          color: 'text.secondary',
        }}
        aria-hidden
      >
        <span>{first?.label}</span>
        <span>{last?.label}</span>
      </Box>
    </Box>
  );
};
