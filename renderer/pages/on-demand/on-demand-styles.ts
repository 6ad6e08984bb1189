import { makeStyles, tokens } from '@fluentui/react-components'

/** The on-demand page's search results, for people and groups alike. */
export const useOnDemandStyles = makeStyles({
  search: { width: '26rem', maxWidth: '100%' },
  list: {
    listStyle: 'none',
    margin: 0,
    padding: 0,
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalXS,
  },
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
