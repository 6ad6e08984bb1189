/**
 * The icons the app uses, one module each (the package root would pre-bundle every icon; see
 * renderer/vite.config.ts, which lists these for the dev server).
 */
export { AddRegular } from '@fluentui/react-icons/svg/add'
export { ArrowDownRegular } from '@fluentui/react-icons/svg/arrow-down'
export { ArrowExportRegular } from '@fluentui/react-icons/svg/arrow-export'
export { ArrowUpRegular } from '@fluentui/react-icons/svg/arrow-up'
export { BeakerRegular } from '@fluentui/react-icons/svg/beaker'
export { CheckmarkCircleFilled } from '@fluentui/react-icons/svg/checkmark-circle'
export { DeleteRegular } from '@fluentui/react-icons/svg/delete'
export { DismissCircleFilled } from '@fluentui/react-icons/svg/dismiss-circle'
export { DocumentCopyRegular } from '@fluentui/react-icons/svg/document-copy'
export { EditRegular } from '@fluentui/react-icons/svg/edit'
export { FolderOpenRegular } from '@fluentui/react-icons/svg/folder-open'
export { InfoRegular } from '@fluentui/react-icons/svg/info'
export { KeyRegular } from '@fluentui/react-icons/svg/key'
export { MoreHorizontalRegular } from '@fluentui/react-icons/svg/more-horizontal'
export { PlugConnectedRegular } from '@fluentui/react-icons/svg/plug-connected'
export { ReOrderDotsVerticalRegular } from '@fluentui/react-icons/svg/re-order-dots-vertical'
export { SaveRegular } from '@fluentui/react-icons/svg/save'
export { SubtractCircleRegular } from '@fluentui/react-icons/svg/subtract-circle'
export { WarningFilled } from '@fluentui/react-icons/svg/warning'
export { DarkThemeRegular } from '@fluentui/react-icons/svg/dark-theme'
