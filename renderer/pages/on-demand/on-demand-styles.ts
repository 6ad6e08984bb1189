import { makeStyles, tokens } from '@fluentui/react-components'
import { stackedList } from '../../lib/list-styles'

/** The on-demand page's search results, for people and groups alike. */
export const useOnDemandStyles = makeStyles({
  search: { width: '26rem', maxWidth: '100%' },
  list: stackedList(),
  item: {
    display: 'flex',
    alignItems: 'center',
    justifyContent: 'space-between',
    gap: tokens.spacingHorizontalM,
    padding: `${tokens.spacingVerticalXS} ${tokens.spacingHorizontalS}`,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
    maxWidth: '48rem',
  },
  who: { display: 'flex', flexDirection: 'column', minWidth: 0 },
  secondary: { color: tokens.colorNeutralForeground3, fontSize: tokens.fontSizeBase200 },
  help: { color: tokens.colorNeutralForeground3, margin: 0 },
  modes: { marginBottom: tokens.spacingVerticalS },
})
