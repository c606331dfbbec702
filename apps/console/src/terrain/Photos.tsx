import CameraAltIcon from '@mui/icons-material/CameraAlt';
import CloseIcon from '@mui/icons-material/Close';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import IconButton from '@mui/material/IconButton';
import Typography from '@mui/material/Typography';
import { useRef } from 'react';
import { useTranslate } from './fieldContext';
import { newId } from '../api/uuid';
import type { TerrainPhoto } from './form';
import { TOUCH_PX } from './widgets';

const THUMBNAIL_PX = 160;

/**
 * A small JPEG data URL of a photo for the screen (the console's CSP allows `data:` images, not
 * `blob:`); null when the browser cannot decode it (the photo is kept all the same).
 */
export async function thumbnailOf(file: Blob): Promise<string | null> {
  try {
    const bitmap = await createImageBitmap(file);
    const scale = Math.min(1, THUMBNAIL_PX / Math.max(bitmap.width, bitmap.height));
    const canvas = document.createElement('canvas');
    canvas.width = Math.max(1, Math.round(bitmap.width * scale));
    canvas.height = Math.max(1, Math.round(bitmap.height * scale));
    canvas.getContext('2d')?.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
    bitmap.close();
    return canvas.toDataURL('image/jpeg', 0.7);
  } catch {
    return null;
  }
}

/** Photos from the camera for one record (the eviction or one incident), kept with the draft. */
export const Photos = ({
  parentId,
  photos,
  onAdd,
  onRemove,
  testId,
}: {
  parentId: string;
  photos: readonly TerrainPhoto[];
  onAdd: (photo: TerrainPhoto) => void;
  onRemove: (id: string) => void;
  testId: string;
}) => {
  const translate = useTranslate();
  const input = useRef<HTMLInputElement>(null);
  const mine = photos.filter((photo) => photo.parentId === parentId);

  const add = async (files: FileList | null) => {
    for (const file of Array.from(files ?? [])) {
      onAdd({
        id: newId(),
        file,
        filename: file.name || 'photo.jpg',
        parentId,
        thumbnail: await thumbnailOf(file),
      });
    }
    if (input.current) input.current.value = '';
  };

  return (
    <Box data-testid={testId}>
      <input
        ref={input}
        type="file"
        accept="image/*"
        capture="environment"
        multiple
        hidden
        data-testid={`${testId}-input`}
        onChange={(event) => void add(event.target.files)}
      />
      <Button
        variant="outlined"
        fullWidth
        startIcon={<CameraAltIcon />}
        onClick={() => input.current?.click()}
        data-testid={`${testId}-take`}
        sx={{ minHeight: TOUCH_PX, fontSize: '1rem' }}
      >
        {translate('vigie.terrain.takePhoto')}
      </Button>
      {mine.length > 0 ? (
        <>
          <Typography variant="body2" sx={{ mt: 1 }} data-testid={`${testId}-count`}>
            {translate('vigie.terrain.photoCount', { smart_count: mine.length })}
          </Typography>
          <Box sx={{ display: 'flex', flexWrap: 'wrap', gap: 1, mt: 1 }}>
            {mine.map((photo, index) => (
              <Box
                key={photo.id}
                sx={{ position: 'relative', width: 112, height: 112, bgcolor: 'grey.200', borderRadius: 1 }}
              >
                {photo.thumbnail ? (
                  <Box
                    component="img"
                    src={photo.thumbnail}
                    alt={translate('vigie.terrain.photoOf', { index: index + 1 })}
                    sx={{ width: '100%', height: '100%', objectFit: 'cover', borderRadius: 1 }}
                  />
                ) : (
                  <Typography variant="caption" sx={{ p: 0.5, overflowWrap: 'anywhere' }}>
                    {photo.filename}
                  </Typography>
                )}
                <IconButton
                  aria-label={translate('vigie.terrain.removePhoto')}
                  data-testid={`${testId}-remove-${index}`}
                  onClick={() => onRemove(photo.id)}
                  size="small"
                  sx={{
                    position: 'absolute',
                    top: 0,
                    right: 0,
                    bgcolor: 'background.paper',
                    width: 48,
                    height: 48,
                  }}
                >
                  <CloseIcon />
                </IconButton>
              </Box>
            ))}
          </Box>
        </>
      ) : null}
    </Box>
  );
};
