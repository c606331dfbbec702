import ToggleButton from '@mui/material/ToggleButton';
import ToggleButtonGroup from '@mui/material/ToggleButtonGroup';
import { useLocales, useLocaleState } from 'react-admin';

/** FR | EN in the app bar: one tap, visible on a phone, remembered by react-admin's store. */
export const LanguageSwitch = () => {
  const locales = useLocales();
  const [locale, setLocale] = useLocaleState();
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
          borderColor: 'rgba(255, 255, 255, 0.5)',
          px: 1.25,
          minWidth: 44,
          minHeight: 36,
        },
        '& .MuiToggleButton-root.Mui-selected': {
          color: 'inherit',
          backgroundColor: 'rgba(255, 255, 255, 0.24)',
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
