import { describe, expect, it } from 'vitest';
import { remuxArgs } from './media-remux';
import { MEDIA_COPY_TYPES, remuxOf } from './media-types';

describe(remuxArgs.name, () => {
  const mp4 = remuxOf('video/mp4')!;

  it('copies video and sound only, with no metadata, chapters or encoder tag, from a forced format', () => {
    const args = remuxArgs('/in', '/out', mp4, [{ codec_type: 'video', codec_name: 'hevc' }]);
    const joined = args.join(' ');
    expect(joined).toContain('-protocol_whitelist file -f mov -i file:/in');
    expect(joined).toContain('-map 0:V? -map 0:a?');
    expect(joined).toContain('-map_metadata -1 -map_chapters -1 -c copy');
    expect(joined).toContain('-fflags +bitexact');
    expect(joined).toContain('-bsf:v:0 filter_units=remove_types=39|40');
    expect(args.slice(-3)).toEqual(['-f', 'mp4', 'file:/out']);
  });

  it('numbers SEI filters among the copied video streams, not cover pictures', () => {
    const args = remuxArgs('/in', '/out', mp4, [
      { codec_type: 'video', codec_name: 'mjpeg', disposition: { attached_pic: 1 } },
      { codec_type: 'audio', codec_name: 'aac' },
      { codec_type: 'video', codec_name: 'h264' },
    ]);
    expect(args.join(' ')).toContain('-bsf:v:0 filter_units=remove_types=6');
    expect(args.join(' ')).not.toContain('-bsf:v:1');
  });

  it('writes no ID3 tag on an MP3', () => {
    const args = remuxArgs('/in', '/out', remuxOf('audio/mpeg')!, [
      { codec_type: 'audio', codec_name: 'mp3' },
    ]);
    expect(args.join(' ')).toContain('-id3v2_version 0 -write_id3v1 0');
  });
});

describe('MEDIA_COPY_TYPES', () => {
  it('covers every accepted video, sound and PDF type, and no image', () => {
    expect(MEDIA_COPY_TYPES).toEqual(
      expect.arrayContaining(['video/mp4', 'video/quicktime', 'audio/mpeg', 'application/pdf']),
    );
    expect(MEDIA_COPY_TYPES.some((type) => type.startsWith('image/'))).toBe(false);
  });
});
