import { useEffect, useState } from 'react';
import { Alert, Switch, Text } from '@mantine/core';
import { ApiError } from '../api/client';
import { deletePushSubscription, getPushKey, savePushSubscription, type PushSubscriptionInput } from '../api/web-push';

type State = 'checking' | 'unsupported' | 'denied' | 'off' | 'on';

const supported = () =>
  typeof window !== 'undefined' && 'serviceWorker' in navigator && 'PushManager' in window && 'Notification' in window;

/** PushManager.subscribe wants the VAPID key as bytes; the server gives base64url. */
function keyBytes(base64url: string): Uint8Array<ArrayBuffer> {
  const base64 = base64url
    .replace(/-/g, '+')
    .replace(/_/g, '/')
    .padEnd(Math.ceil(base64url.length / 4) * 4, '=');
  const binary = atob(base64);
  const bytes = new Uint8Array(new ArrayBuffer(binary.length));
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

const registration = () => navigator.serviceWorker.register('/sw.js').then(() => navigator.serviceWorker.ready);

/** "Notifications on this browser": registers the service worker, subscribes with the server's VAPID key, and stores it. */
export function WebPushToggle() {
  const [state, setState] = useState<State>('checking');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!supported()) return setState('unsupported');
    if (Notification.permission === 'denied') return setState('denied');
    let cancelled = false;
    navigator.serviceWorker
      .getRegistration('/')
      .then((reg) => reg?.pushManager.getSubscription() ?? null)
      .then((subscription) => !cancelled && setState(subscription ? 'on' : 'off'))
      .catch(() => !cancelled && setState('off'));
    return () => {
      cancelled = true;
    };
  }, []);

  const turnOn = async () => {
    if ((await Notification.requestPermission()) !== 'granted') return setState('denied');
    const { publicKey } = await getPushKey();
    const reg = await registration();
    const existing = await reg.pushManager.getSubscription();
    // A subscription made with another key (the server's pair changed) cannot be used: replace it.
    if (existing) await existing.unsubscribe();
    const subscription = await reg.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: keyBytes(publicKey) });
    await savePushSubscription(subscription.toJSON() as PushSubscriptionInput);
    setState('on');
  };

  const turnOff = async () => {
    const reg = await navigator.serviceWorker.getRegistration('/');
    const subscription = await reg?.pushManager.getSubscription();
    if (subscription) {
      await deletePushSubscription(subscription.endpoint);
      await subscription.unsubscribe();
    }
    setState('off');
  };

  const toggle = async (on: boolean) => {
    setBusy(true);
    setError(null);
    try {
      await (on ? turnOn() : turnOff());
    } catch (e) {
      setError(
        e instanceof ApiError && e.code === 'WEB_PUSH_UNAVAILABLE'
          ? 'This server does not send browser notifications yet.'
          : e instanceof Error
            ? e.message
            : 'Could not change browser notifications',
      );
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <Switch
        label="Notifications on this browser"
        description={
          state === 'unsupported'
            ? 'This browser cannot receive push notifications.'
            : state === 'denied'
              ? 'Notifications are blocked for this site in the browser’s settings.'
              : 'Alerts and messages appear here even when Chargeboard is closed.'
        }
        checked={state === 'on'}
        disabled={busy || state === 'checking' || state === 'unsupported' || state === 'denied'}
        onChange={(event) => void toggle(event.currentTarget.checked)}
      />
      {error && (
        <Alert color="red" role="alert">
          <Text size="sm">{error}</Text>
        </Alert>
      )}
    </>
  );
}
