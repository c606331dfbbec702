/** `GET /api/meta`: what the console needs to know about the server it talks to. */
export interface ApiMeta {
  demoData: boolean;
  demoGeneratedAt: string | null;
  tileUrl: string | null;
  tileAttribution: string | null;
  geodataAttribution: string;
  /** Largest evidence file the server accepts, in MB of 1024 × 1024 bytes (null until known). */
  maxUploadMb: number | null;
}

export const EMPTY_META: ApiMeta = {
  demoData: false,
  demoGeneratedAt: null,
  tileUrl: null,
  tileAttribution: null,
  geodataAttribution: '',
  maxUploadMb: null,
};
