/** A name as the terminal should show it: control characters (escape sequences in a crafted file name) as ?. */
export const printable = (s: string): string => s.replace(/[\u0000-\u001f\u007f-\u009f]/g, '?');
