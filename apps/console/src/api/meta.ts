/** `GET /api/meta`: what the console needs to know about the server it talks to. */
export interface ApiMeta {
  demoData: boolean;
  demoGeneratedAt: string | null;
  tileUrl: string | null;
  tileAttribution: string | null;
  geodataAttribution: string;
}

export const EMPTY_META: ApiMeta = {
  demoData: false,
  demoGeneratedAt: null,
  tileUrl: null,
  tileAttribution: null,
  geodataAttribution: '',
};
