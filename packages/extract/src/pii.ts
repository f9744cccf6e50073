/** E-mail addresses and phone numbers in text: counted, and masked on request. */

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g;
/**
 * Korean numbers (010-1234-5678, 02-123-4567, 1588-1234), international (+82 10 1234 5678), and North
 * American ((555) 123-4567, 555-123-4567). Dates and plain numbers do not match: separators are required.
 */
const PHONE =
  /(?<![\w.+-])(?:\+\d{1,3}[ .-]?(?:\(0?\d{1,4}\)|\d{1,4})[ .-]\d{3,4}[ .-]\d{4}|0\d{1,2}[ .)-]\d{3,4}[ .-]\d{4}|1[5-9]\d{2}-\d{4}|\(\d{3}\) ?\d{3}-\d{4}|\d{3}-\d{3}-\d{4})(?![\w-])/g;

const EMAIL_MASK = '[email]';
const PHONE_MASK = '[phone]';

/** Cheap pre-checks: most texts have no `@` and no digit group that could start a phone number. */
const MAYBE_PHONE = /\d[ .)-]\d/;

export function countPii(text: string): { emails: number; phones: number } {
  const hasAt = text.includes('@');
  const emails = hasAt ? (text.match(EMAIL)?.length ?? 0) : 0;
  if (!MAYBE_PHONE.test(text)) return { emails, phones: 0 };
  return { emails, phones: (hasAt ? text.replace(EMAIL, ' ') : text).match(PHONE)?.length ?? 0 };
}

export function maskPii(text: string): string {
  const noEmails = text.includes('@') ? text.replace(EMAIL, EMAIL_MASK) : text;
  return MAYBE_PHONE.test(noEmails) ? noEmails.replace(PHONE, PHONE_MASK) : noEmails;
}
