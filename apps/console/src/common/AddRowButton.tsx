import AddIcon from '@mui/icons-material/AddCircleOutlineOutlined';
import Button from '@mui/material/Button';
import { useSimpleFormIterator, useTranslate } from 'react-admin';

/** A labelled "add a row" button for SimpleFormIterator: bigger than the default icon on a phone. */
export const AddRowButton = ({ label }: { label: string }) => {
  const { add } = useSimpleFormIterator();
  const translate = useTranslate();
  const text = translate(label);
  return (
    <Button
      variant="outlined"
      startIcon={<AddIcon />}
      onClick={() => add()}
      aria-label={text}
      sx={{ minHeight: 44 }}
    >
      {text}
    </Button>
  );
};
