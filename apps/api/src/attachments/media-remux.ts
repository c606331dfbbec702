import { execFile } from 'node:child_process';
import type { MediaRemux } from './media-types';

/** Longest an ffprobe or ffmpeg run may take: a remux copies, it does not encode. */
export const REMUX_TIMEOUT_MS = 120_000;
/** ffmpeg's error output kept for the server log (a broken file can make it verbose). */
const MAX_OUTPUT_BYTES = 1024 * 1024;

/** ffmpeg or ffprobe is not installed: no copy can be made now, one may be later. */
export class MediaToolMissingError extends Error {}

/** ffmpeg could not read or copy this file: no copy will ever be made of it. */
export class MediaUnreadableError extends Error {
  constructor(
    /** Said to users: what failed, in words, without ffmpeg's output. */
    readonly reason: string,
    /** ffmpeg's own words, for the server log only. */
    readonly detail: string,
  ) {
    super(reason);
  }
}

export interface ProbedStream {
  codec_type?: string;
  codec_name?: string;
  disposition?: { attached_pic?: number };
}

function run(command: string, args: readonly string[], timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      command,
      args,
      { timeout: timeoutMs, killSignal: 'SIGKILL', maxBuffer: MAX_OUTPUT_BYTES, encoding: 'utf8' },
      (error, stdout, stderr) => {
        if (!error) {
          resolve(stdout);
          return;
        }
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
          reject(new MediaToolMissingError(`${command} is not installed (see README, system packages)`));
          return;
        }
        const detail = (stderr || error.message).trim().split('\n').slice(-3).join(' | ');
        const reason = error.killed
          ? `${command} took longer than ${timeoutMs / 1000} s on this file`
          : `${command} could not read this file (damaged, or not the type its first bytes announce)`;
        reject(new MediaUnreadableError(reason, detail));
      },
    );
  });
}

/** Input options: the sniffed format forced (no guessing), local files only (no network, no playlists). */
function inputArgs(path: string, remux: MediaRemux): string[] {
  return ['-protocol_whitelist', 'file', '-f', remux.demuxer, '-i', `file:${path}`];
}

async function probe(path: string, remux: MediaRemux, timeoutMs: number): Promise<ProbedStream[]> {
  const output = await run(
    'ffprobe',
    [
      '-v',
      'error',
      ...inputArgs(path, remux),
      '-show_entries',
      'stream=codec_type,codec_name:stream_disposition=attached_pic',
      '-of',
      'json',
    ],
    timeoutMs,
  );
  try {
    return (JSON.parse(output) as { streams?: ProbedStream[] }).streams ?? [];
  } catch {
    throw new MediaUnreadableError('ffprobe gave no readable description of this file', output.slice(0, 200));
  }
}

/**
 * Bitstream filters dropping the SEI units of H.264 and H.265 video: they carry the encoder's
 * name and settings and, from some cameras, free-form user data. The picture is untouched.
 */
const SEI_FILTERS: Record<string, string> = {
  h264: 'filter_units=remove_types=6',
  hevc: 'filter_units=remove_types=39|40',
};

/**
 * The arguments of the remux: the video streams (not cover pictures, which are images with their
 * own EXIF) and the sound streams, copied as they are; no global, stream or chapter metadata, no
 * data, subtitle or attachment streams (phones put positions in timed metadata tracks), no
 * encoder tag, no ID3 header. Exported for the unit test.
 */
export function remuxArgs(
  input: string,
  output: string,
  remux: MediaRemux,
  streams: readonly ProbedStream[],
): string[] {
  const videos = streams.filter(
    (stream) => stream.codec_type === 'video' && stream.disposition?.attached_pic !== 1,
  );
  const filters = videos.flatMap((stream, index) => {
    const filter = SEI_FILTERS[stream.codec_name ?? ''];
    return filter ? [`-bsf:v:${index}`, filter] : [];
  });
  return [
    '-v',
    'error',
    '-nostdin',
    '-y',
    ...inputArgs(input, remux),
    '-map',
    '0:V?',
    '-map',
    '0:a?',
    '-map_metadata',
    '-1',
    '-map_chapters',
    '-1',
    '-c',
    'copy',
    ...filters,
    '-fflags',
    '+bitexact',
    '-flags:v',
    '+bitexact',
    '-flags:a',
    '+bitexact',
    ...(remux.muxer === 'mp3' ? ['-id3v2_version', '0', '-write_id3v1', '0'] : []),
    '-f',
    remux.muxer,
    `file:${output}`,
  ];
}

/**
 * Writes to `output` a copy of the video or sound at `input` without its metadata (remuxed, not
 * re-encoded), with the system ffmpeg. Throws MediaToolMissingError when ffmpeg is not installed,
 * MediaUnreadableError when the file cannot be read or copied, or the copy has no video or sound.
 */
export async function remuxWithoutMetadata(
  input: string,
  output: string,
  remux: MediaRemux,
  timeoutMs: number = REMUX_TIMEOUT_MS,
): Promise<void> {
  const streams = await probe(input, remux, timeoutMs);
  if (
    !streams.some(
      (stream) =>
        stream.codec_type === 'audio' ||
        (stream.codec_type === 'video' && stream.disposition?.attached_pic !== 1),
    )
  ) {
    throw new MediaUnreadableError('the file holds no video or sound stream ffmpeg can read', '');
  }
  await run('ffmpeg', remuxArgs(input, output, remux, streams), timeoutMs);
  // The copy is in the same container: the input's demuxer reads it.
  const copied = await probe(output, remux, timeoutMs);
  if (copied.length === 0) throw new MediaUnreadableError('ffmpeg made an empty copy of this file', '');
}
