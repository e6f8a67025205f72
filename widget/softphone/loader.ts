// Loads the softphone chunk (sip.js and the phone UI) on demand, from next to the script the widget itself came from;
// the only softphone code in the status widget's bundle.

/** The file the chunk is built to, beside ivr-pay.js / ivr-pay.mjs (widget/softphone/build.ts). */
export const SOFTPHONE_CHUNK = 'ivr-pay-softphone.mjs';

/** Where this script was loaded from: the <script> tag while the IIFE runs, else the module's own URL. */
const SCRIPT_URL: string =
  (typeof document !== 'undefined' && (document.currentScript as HTMLScriptElement | null)?.src) || import.meta.url;

let loading: Promise<void> | null = null;

/** The chunk's URL: `src` when the page says where it is (softphone-src), else beside this script. */
export function softphoneUrl(src?: string): string {
  return new URL(src || SOFTPHONE_CHUNK, SCRIPT_URL).href;
}

/** Imports the chunk once (it defines <ivr-pay-softphone>); a failed load can be retried. */
export function loadSoftphone(src?: string): Promise<void> {
  if (customElements.get('ivr-pay-softphone')) return Promise.resolve();
  loading ??= import(/* @vite-ignore */ softphoneUrl(src)).then(
    () => undefined,
    (err: unknown) => {
      loading = null;
      throw err;
    },
  );
  return loading;
}

/** Shown by <ivr-pay> when the chunk cannot be loaded (wrong softphone-src, blocked by the page's CSP, offline). */
export const LOAD_ERROR = {
  ja: '電話機能を読み込めませんでした。ネットワークを確認して、ページを再読み込みしてください。',
  en: 'The phone could not be loaded. Check the network and reload the page.',
} as const;
