import {
  type CSSVariablesResolver,
  Combobox,
  DEFAULT_THEME,
  InputWrapper,
  type MantineColorsTuple,
  createTheme,
} from '@mantine/core';
import { AA_TEXT, blend, contrastRatio } from './contrast';

const WHITE = '#ffffff';
export const FILLED_SHADE = 6;
/** Filled colours take black text when brighter than this luminance: the point where white and black give the same contrast. */
export const LUMINANCE_THRESHOLD = 0.179;

/** Mantine's colours (all but "dark", which only serves the dark scheme). */
export const COLOR_NAMES = [
  'gray',
  'red',
  'pink',
  'grape',
  'violet',
  'indigo',
  'blue',
  'cyan',
  'teal',
  'green',
  'lime',
  'yellow',
  'orange',
] as const;
export type ColorName = (typeof COLOR_NAMES)[number];
const palette = DEFAULT_THEME.colors as Record<ColorName, MantineColorsTuple>;

/** Mantine's light variant (light badges, active nav links, light buttons) sits on shade 1, and on shade 2 when hovered. */
export function lightBackgrounds(color: ColorName): [string, string] {
  return [palette[color][1], palette[color][2]];
}
const reads = (text: string, color: ColorName) =>
  [WHITE, ...lightBackgrounds(color)].every((bg) => contrastRatio(text, bg) >= AA_TEXT);

/** The lightest shade of `color` that reads at AA on white and on its own light backgrounds (text of light badges, subtle buttons, links). */
export function textShade(color: ColorName): string {
  const shades = palette[color];
  for (let i = FILLED_SHADE; i < shades.length; i++) {
    if (reads(shades[i]!, color)) return shades[i]!;
  }
  // Orange and yellow stay too bright even at shade 9: darken it towards black until it reads.
  for (let keep = 0.95; keep > 0; keep -= 0.05) {
    const darker = blend(shades[9], keep, '#000000');
    if (reads(darker, color)) return darker;
  }
  return '#000000';
}

/** Secondary ("dimmed") text: on white and on the grey of a striped row or light badge. */
export const DIMMED = palette.gray[7];

export const theme = createTheme({
  primaryColor: 'teal',
  primaryShade: { light: FILLED_SHADE, dark: 8 },
  defaultRadius: 'md',
  autoContrast: true,
  luminanceThreshold: LUMINANCE_THRESHOLD,
  components: {
    // Closed dropdowns leave the DOM, so each select's label names one element (its input), not a hidden listbox too.
    Combobox: Combobox.extend({ defaultProps: { keepMounted: false } }),
    InputWrapper: InputWrapper.extend({ defaultProps: { withAsterisk: false } }),
  },
});

/** Text colours darkened where Mantine's defaults fall below WCAG AA (grey secondary text, light/subtle variants, links). */
export const cssVariablesResolver: CSSVariablesResolver = () => {
  const light: Record<string, string> = {
    '--mantine-color-dimmed': DIMMED,
    // Placeholders read as text too (a file picker shows its placeholder as the button's label).
    '--mantine-color-placeholder': DIMMED,
    '--mantine-color-anchor': textShade('teal'),
  };
  for (const color of COLOR_NAMES) {
    light[`--mantine-color-${color}-light-color`] = textShade(color);
    light[`--mantine-color-${color}-text`] = textShade(color);
    light[`--mantine-color-${color}-outline`] = textShade(color);
  }
  light['--mantine-primary-color-light-color'] = textShade('teal');
  return { variables: {}, light, dark: {} };
};
