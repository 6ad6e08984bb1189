import { type GriffelStyle, tokens } from '@fluentui/react-components'

/** A list without bullets or indent whose items stand one under the other, `gap` apart (a makeStyles slot). */
export function stackedList(gap: string = tokens.spacingVerticalXS): GriffelStyle {
  return { listStyle: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column', gap }
}
