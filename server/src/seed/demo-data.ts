/** The demo network: real places, plausible figures. Only loaded into an empty embedded database or on `seed --demo`. */

export const DEMO_PASSWORD = 'Chargeboard-demo-2026';

export interface DemoSite {
  name: string;
  addressLine: string;
  city: string;
  country: string;
  latitude: string;
  longitude: string;
  gridLimitKw: string;
  /**
   * Load management on, at this operating limit (kW): the demo shows the site held under it, and
   * lowered by 20 % in a grid alert, 50 % in an emergency, when its organization has a grid feed.
   */
  loadLimitKw?: string;
  chargers: number;
  prefix: string;
  /** How the site's chargers are named: "Galle Face ABB #1". */
  short: string;
}

export interface DemoOrganization {
  key: string;
  name: string;
  currency: string;
  timeZone: string;
  city: string;
  country: string;
  addressLine: string;
  parent?: string;
  taxes: { name: string; rate: string; compound: boolean }[];
  energyCostPerKwh: string;
  /** A simulated national grid feed of this name; the sites with load management react to it. */
  gridFeed?: string;
  sites: DemoSite[];
}

export const DEMO_ORGANIZATIONS: DemoOrganization[] = [
  {
    key: 'lanka',
    name: 'LankaCharge',
    gridFeed: 'Sri Lanka national grid (simulated)',
    currency: 'LKR',
    timeZone: 'Asia/Colombo',
    addressLine: '42 Galle Road',
    city: 'Colombo',
    country: 'LK',
    taxes: [
      { name: 'SSCL', rate: '0.025', compound: false },
      { name: 'VAT', rate: '0.18', compound: true },
    ],
    energyCostPerKwh: '45.00',
    sites: [
      {
        name: 'Colombo One Galle Face',
        addressLine: '1A Centre Road, Galle Face',
        city: 'Colombo',
        country: 'LK',
        latitude: '6.927079',
        longitude: '79.845306',
        gridLimitKw: '400',
        chargers: 8,
        prefix: 'LK-GF',
        short: 'Galle Face',
      },
      {
        name: 'Kandy City Centre',
        addressLine: '5 Dalada Veediya',
        city: 'Kandy',
        country: 'LK',
        latitude: '7.293121',
        longitude: '80.635036',
        gridLimitKw: '250',
        chargers: 6,
        prefix: 'LK-KCC',
        short: 'Kandy City',
      },
      {
        name: 'Galle Fort Car Park',
        addressLine: 'Church Street',
        city: 'Galle',
        country: 'LK',
        latitude: '6.026000',
        longitude: '80.217000',
        gridLimitKw: '150',
        loadLimitKw: '60',
        chargers: 4,
        prefix: 'LK-GAL',
        short: 'Galle Fort',
      },
    ],
  },
  {
    key: 'hotels',
    name: 'Colombo City Hotels',
    parent: 'lanka',
    currency: 'LKR',
    timeZone: 'Asia/Colombo',
    addressLine: '77 Galle Road',
    city: 'Colombo',
    country: 'LK',
    taxes: [
      { name: 'SSCL', rate: '0.025', compound: false },
      { name: 'VAT', rate: '0.18', compound: true },
    ],
    energyCostPerKwh: '45.00',
    sites: [
      {
        name: 'Kollupitiya Hotel Garage',
        addressLine: '77 Galle Road, Kollupitiya',
        city: 'Colombo',
        country: 'LK',
        latitude: '6.911400',
        longitude: '79.849300',
        gridLimitKw: '120',
        chargers: 4,
        prefix: 'LK-HTL',
        short: 'Kollupitiya',
      },
    ],
  },
  {
    key: 'voltway',
    name: 'VoltWay Europe',
    currency: 'EUR',
    timeZone: 'Europe/Berlin',
    addressLine: 'Friedrichstraße 68',
    city: 'Berlin',
    country: 'DE',
    taxes: [{ name: 'MwSt', rate: '0.19', compound: false }],
    energyCostPerKwh: '0.21',
    sites: [
      {
        name: 'Berlin Hauptbahnhof P1',
        addressLine: 'Europaplatz 1',
        city: 'Berlin',
        country: 'DE',
        latitude: '52.525084',
        longitude: '13.369402',
        gridLimitKw: '600',
        chargers: 8,
        prefix: 'DE-BHF',
        short: 'Berlin Hbf',
      },
      {
        name: 'München Olympiapark',
        addressLine: 'Spiridon-Louis-Ring 21',
        city: 'München',
        country: 'DE',
        latitude: '48.173000',
        longitude: '11.546000',
        gridLimitKw: '350',
        chargers: 6,
        prefix: 'DE-OLY',
        short: 'Olympiapark',
      },
      {
        name: 'Hamburg HafenCity',
        addressLine: 'Überseeboulevard 2',
        city: 'Hamburg',
        country: 'DE',
        latitude: '53.541300',
        longitude: '9.998700',
        gridLimitKw: '300',
        chargers: 4,
        prefix: 'DE-HHC',
        short: 'HafenCity',
      },
    ],
  },
  {
    key: 'fleet',
    name: 'Island Fleet Energy',
    currency: 'LKR',
    timeZone: 'Asia/Colombo',
    addressLine: '12 Negombo Road',
    city: 'Wattala',
    country: 'LK',
    taxes: [
      { name: 'SSCL', rate: '0.025', compound: false },
      { name: 'VAT', rate: '0.18', compound: true },
    ],
    energyCostPerKwh: '42.50',
    sites: [
      {
        name: 'Wattala Fleet Depot',
        addressLine: '12 Negombo Road',
        city: 'Wattala',
        country: 'LK',
        latitude: '6.989900',
        longitude: '79.891700',
        gridLimitKw: '500',
        chargers: 6,
        prefix: 'LK-WAT',
        short: 'Wattala Depot',
      },
      {
        name: 'Katunayake Airport Logistics',
        addressLine: 'Airport Road',
        city: 'Katunayake',
        country: 'LK',
        latitude: '7.168600',
        longitude: '79.884100',
        gridLimitKw: '300',
        chargers: 4,
        prefix: 'LK-KAT',
        short: 'Katunayake',
      },
    ],
  },
];

export const DEMO_VENDORS = [
  { vendor: 'ABB', model: 'Terra AC W22', connector: 'Type2', kw: '22' },
  { vendor: 'Alpitronic', model: 'HYC300', connector: 'CCS2', kw: '150' },
  { vendor: 'Kempower', model: 'S-Series', connector: 'CCS2', kw: '120' },
  { vendor: 'Wallbox', model: 'Commander 2', connector: 'Type2', kw: '11' },
  { vendor: 'Delta', model: 'DC Wallbox', connector: 'CHAdeMO', kw: '25' },
] as const;

export interface DemoUser {
  role: 'admin' | 'technical' | 'accounts' | 'network_manager' | 'cpo' | 'location_owner' | 'driver' | 'custom';
  email: string;
  name: string;
  organization?: string;
}

export const DEMO_USERS: DemoUser[] = [
  { role: 'admin', email: 'admin@chargeboard.demo', name: 'Amara Perera' },
  { role: 'technical', email: 'tech@chargeboard.demo', name: 'Nuwan Silva' },
  { role: 'accounts', email: 'accounts@chargeboard.demo', name: 'Dilini Fernando' },
  { role: 'network_manager', email: 'network@chargeboard.demo', name: 'Kasun Jayasuriya' },
  { role: 'cpo', email: 'cpo@lankacharge.demo', name: 'Ruwan Wijesinghe', organization: 'lanka' },
  { role: 'location_owner', email: 'owner@lankacharge.demo', name: 'Harsha de Mel', organization: 'lanka' },
  { role: 'driver', email: 'driver@chargeboard.demo', name: 'Ishara Gunawardena', organization: 'lanka' },
  { role: 'custom', email: 'facility@lankacharge.demo', name: 'Tharindu Bandara', organization: 'lanka' },
  { role: 'cpo', email: 'cpo@voltway.demo', name: 'Lena Hoffmann', organization: 'voltway' },
];

export const DEMO_CREDENTIALS = DEMO_USERS.map((u) => ({
  role: u.role === 'custom' ? 'custom (Facility manager)' : u.role,
  email: u.email,
  password: DEMO_PASSWORD,
}));

/** The OCPP password of every demo charger (security profile 1). Demo only: public, like the demo logins. */
export const DEMO_OCPP_PASSWORD = 'demo-ocpp-password-2026';

/** ID tokens (RFID cards) per top-level demo organization; sub-organizations' chargers accept their parent's. */
export const DEMO_ID_TOKENS_PER_ORGANIZATION = 24;

/** The OCPP identities of the demo chargers: `{prefix}-001` … per site. */
export const DEMO_CHARGER_IDENTITIES: string[] = DEMO_ORGANIZATIONS.flatMap((org) =>
  org.sites.flatMap((site) =>
    Array.from({ length: site.chargers }, (_, i) => `${site.prefix}-${String(i + 1).padStart(3, '0')}`),
  ),
);
