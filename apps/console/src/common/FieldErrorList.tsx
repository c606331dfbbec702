import Box from '@mui/material/Box';

/** The API's `errors` (field path → message) as a list, nothing when there are none. */
export const FieldErrorList = ({ errors }: { errors: Record<string, string> | null | undefined }) => {
  const entries = Object.entries(errors ?? {});
  if (entries.length === 0) return null;
  return (
    <Box component="ul" sx={{ m: 0, pl: 2 }}>
      {entries.map(([field, message]) => (
        <li key={field}>
          <Box component="code" sx={{ fontWeight: 'bold' }}>
            {field}
          </Box>{' '}
          : {message}
        </li>
      ))}
    </Box>
  );
};
