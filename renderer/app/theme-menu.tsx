import {
  Button,
  Menu,
  MenuItemRadio,
  MenuList,
  MenuPopover,
  MenuTrigger,
  type MenuProps,
} from '@fluentui/react-components'
import { useMutation, useQueryClient } from '@tanstack/react-query'
import { THEME_PREFERENCES, type ThemePreference } from '../../main/ipc/api/contract'
import { DarkThemeRegular } from '../components/icons'
import { useApi } from '../lib/api-context'
import { apiQueryKey, useApiQuery } from '../lib/queries'

const LABELS: Readonly<Record<ThemePreference, string>> = {
  system: 'Same as the system',
  light: 'Light',
  dark: 'Dark',
}

/** Light, dark or the system's theme, kept by the app between starts. */
export function ThemeMenu() {
  const { api } = useApi()
  const client = useQueryClient()
  const settings = useApiQuery('getUiSettings', undefined, { staleTime: Infinity })
  const update = useMutation({
    mutationFn: (theme: ThemePreference) => api.updateUiSettings({ theme }),
    onSuccess: next => client.setQueryData(apiQueryKey('getUiSettings', undefined), next),
  })
  const current = settings.data?.theme ?? 'system'
  const onCheckedValueChange: MenuProps['onCheckedValueChange'] = (_event, data) => {
    const theme = data.checkedItems[0] as ThemePreference | undefined
    if (theme !== undefined) update.mutate(theme)
  }
  return (
    <Menu checkedValues={{ theme: [current] }} onCheckedValueChange={onCheckedValueChange}>
      <MenuTrigger disableButtonEnhancement>
        <Button appearance="subtle" icon={<DarkThemeRegular />} aria-label={`Theme: ${LABELS[current]}`}>
          Theme
        </Button>
      </MenuTrigger>
      <MenuPopover>
        <MenuList>
          {THEME_PREFERENCES.map(theme => (
            <MenuItemRadio key={theme} name="theme" value={theme}>
              {LABELS[theme]}
            </MenuItemRadio>
          ))}
        </MenuList>
      </MenuPopover>
    </Menu>
  )
}
