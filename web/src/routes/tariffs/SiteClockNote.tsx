import { Text } from '@mantine/core';

/**
 * Which clock a tariff's times are read on, said the same way wherever a tariff is shown. Settlement and
 * the live estimate read start_time/end_time and day_of_week in the time zone of the session's site
 * (server/src/modules/settlement/queries.ts, siteTimeZone; docs/finance.md §2), daylight saving included.
 */
export const SITE_CLOCK =
  'Times are the site’s local time (the clock of the site where the charger stands), daylight saving included.';

export function SiteClockNote({ withoutSite = false }: { withoutSite?: boolean }) {
  return (
    <Text size="sm" c="dimmed">
      {SITE_CLOCK}
      {withoutSite && ' No site or charger is chosen here, so this preview reads the times on the organization’s clock.'}
    </Text>
  );
}
