import ToggleButton from '@mui/material/ToggleButton';
import ToggleButtonGroup from '@mui/material/ToggleButtonGroup';
import { useLocales, useLocaleState } from 'react-admin';

/** FR | EN in the app bar: one tap, visible on a phone, remembered by react-admin's store. */
export const LanguageSwitch = ({ tone = 'dark' }: { tone?: 'dark' | 'light' }) => {
  const locales = useLocales();
  const [locale, setLocale] = useLocaleState();
  // On the app bar (dark) the buttons are white; on the login card (light) they take the text colour.
  const border = tone === 'dark' ? 'rgba(255, 255, 255, 0.5)' : 'rgba(0, 0, 0, 0.23)';
  const selected = tone === 'dark' ? 'rgba(255, 255, 255, 0.24)' : 'rgba(0, 0, 0, 0.12)';
  return (
    <ToggleButtonGroup
      exclusive
      size="small"
      value={locale}
      onChange={(_event, next: string | null) => {
        if (next) setLocale(next);
      }}
      aria-label="Langue / Language"
      sx={{
        mx: 1,
        '& .MuiToggleButton-root': {
          color: 'inherit',
          borderColor: border,
          px: 1.25,
          minWidth: 44,
          minHeight: 36,
        },
        '& .MuiToggleButton-root.Mui-selected': {
          color: 'inherit',
          backgroundColor: selected,
        },
      }}
    >
      {locales.map(({ locale: code, name }) => (
        <ToggleButton key={code} value={code} aria-label={name} lang={code}>
          {code.toUpperCase()}
        </ToggleButton>
      ))}
    </ToggleButtonGroup>
  );
};
