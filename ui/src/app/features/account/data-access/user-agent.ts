/** Browser and system read from a User-Agent, e.g. `Chrome 126 · Windows`; for people, not logic. */
export function describeUserAgent(userAgent: string | null | undefined): string {
  if (!userAgent) return '未知设备';
  const ua = userAgent;
  const browser = browserOf(ua);
  const system = systemOf(ua);
  const parts = [browser, system].filter((p): p is string => !!p);
  return parts.length ? parts.join(' · ') : ua.slice(0, 40);
}

function major(ua: string, pattern: RegExp): string {
  const m = pattern.exec(ua);
  return m ? ` ${m[1]}` : '';
}

// Order matters: Edge, Opera and the Chinese browsers all claim to be Chrome and Safari too.
function browserOf(ua: string): string | null {
  if (/MicroMessenger/i.test(ua)) return `微信${major(ua, /MicroMessenger\/(\d+)/i)}`;
  if (/DingTalk/i.test(ua)) return '钉钉';
  if (/Edg(e|A|iOS)?\/\d+/.test(ua)) return `Edge${major(ua, /Edg(?:e|A|iOS)?\/(\d+)/)}`;
  if (/OPR\/|Opera/.test(ua)) return `Opera${major(ua, /OPR\/(\d+)/)}`;
  if (/QQBrowser/i.test(ua)) return `QQ浏览器${major(ua, /QQBrowser\/(\d+)/i)}`;
  if (/UCBrowser/i.test(ua)) return 'UC浏览器';
  if (/360SE|360EE|QIHU/i.test(ua)) return '360浏览器';
  if (/Firefox\/\d+/.test(ua)) return `Firefox${major(ua, /Firefox\/(\d+)/)}`;
  if (/CriOS\/\d+/.test(ua)) return `Chrome${major(ua, /CriOS\/(\d+)/)}`;
  if (/Chrome\/\d+/.test(ua)) return `Chrome${major(ua, /Chrome\/(\d+)/)}`;
  if (/Version\/\d+.*Safari/.test(ua)) return `Safari${major(ua, /Version\/(\d+)/)}`;
  if (/Trident|MSIE/.test(ua)) return 'IE';
  if (/^curl\//i.test(ua)) return 'curl';
  return null;
}

function systemOf(ua: string): string | null {
  if (/HarmonyOS|OpenHarmony/i.test(ua)) return '鸿蒙';
  if (/Android/i.test(ua)) return 'Android';
  if (/iPhone/.test(ua)) return 'iPhone';
  if (/iPad/.test(ua)) return 'iPad';
  if (/Windows/.test(ua)) return 'Windows';
  if (/Mac OS X|Macintosh/.test(ua)) return 'macOS';
  if (/CrOS/.test(ua)) return 'ChromeOS';
  if (/Linux/.test(ua)) return 'Linux';
  return null;
}
