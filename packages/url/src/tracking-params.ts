// Query parameters that only say where a click came from. They never change the
// page, so URLs that differ only in them are one page and get one docId.

const TRACKING_PARAMS = new Set([
  // Ad-click ids: Google, Microsoft, Facebook, Yandex, TikTok, Twitter, LinkedIn, ...
  'gclid',
  'gclsrc',
  'gbraid',
  'wbraid',
  'dclid',
  'msclkid',
  'fbclid',
  'yclid',
  'ttclid',
  'twclid',
  'li_fat_id',
  'epik',
  'srsltid',
  // Google Analytics cross-domain linking.
  '_ga',
  '_gl',
  // Mailchimp, HubSpot, Marketo, Vero, Olytics.
  'mc_cid',
  'mc_eid',
  '_hsenc',
  '_hsmi',
  '__hstc',
  '__hssc',
  '__hsfp',
  'mkt_tok',
  'vero_id',
  'vero_conv',
  'oly_anon_id',
  'oly_enc_id',
  // Instagram and Twitter share links.
  'igshid',
  'igsh',
  'ref_src',
  'ref_url',
]);

/** True for utm_* and the known click-tracking parameters (case-insensitive). */
export function isTrackingParam(name: string): boolean {
  const lower = name.toLowerCase();
  return lower.startsWith('utm_') || TRACKING_PARAMS.has(lower);
}
