/* Chargeboard's service worker: shows Web Push notifications and opens their page when clicked. */
/* global self, clients, URL */

self.addEventListener('push', (event) => {
  let data = {};
  try {
    data = event.data ? event.data.json() : {};
  } catch {
    data = { body: event.data ? event.data.text() : '' };
  }
  const title = typeof data.title === 'string' && data.title ? data.title : 'Chargeboard';
  event.waitUntil(
    self.registration.showNotification(title, {
      body: typeof data.body === 'string' ? data.body : '',
      data: { url: typeof data.url === 'string' ? data.url : '/' },
      // A critical alert stays until it is looked at.
      requireInteraction: data.severity === 'critical',
      tag: typeof data.url === 'string' ? data.url : undefined,
    }),
  );
});

self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  // The notification names a page of the app (PUBLIC_URL + path): open that path here, never another site.
  const link = new URL(event.notification.data?.url || '/', self.location.origin);
  const url = new URL(link.pathname + link.search + link.hash, self.location.origin).href;
  event.waitUntil(
    clients.matchAll({ type: 'window', includeUncontrolled: true }).then((windows) => {
      const open = windows.find((w) => w.url === url) ?? windows.find((w) => new URL(w.url).origin === self.location.origin);
      if (open) return open.focus().then((w) => (w && w.url !== url && 'navigate' in w ? w.navigate(url) : w));
      return clients.openWindow(url);
    }),
  );
});
