import { useEffect, useState } from 'react';

/** The current time, renewed every `periodMs`: what changes by time passing, not by an event (stuck sessions, "12 s ago"). */
export function useNow(periodMs = 30_000): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), periodMs);
    return () => clearInterval(timer);
  }, [periodMs]);
  return now;
}
