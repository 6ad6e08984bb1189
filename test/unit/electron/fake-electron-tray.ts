/**
 * The fake `electron` module's tray, menu, notifications, images and power monitor (re-exported
 * by fake-electron.ts), recording what main asked of them.
 */
import { EventEmitter } from 'node:events'

export class FakeNativeImage {
  public readonly representations: Array<{ readonly scaleFactor: number; readonly buffer: Buffer }> = []

  public constructor(buffer: Buffer) {
    this.representations.push({ scaleFactor: 1, buffer })
  }

  public addRepresentation(options: { scaleFactor: number; buffer?: Buffer }): void {
    if (options.buffer !== undefined)
      this.representations.push({ scaleFactor: options.scaleFactor, buffer: options.buffer })
  }
}

export const nativeImage = {
  createFromBuffer: (buffer: Buffer) => new FakeNativeImage(buffer),
}

export interface FakeMenuItem {
  readonly label?: string
  readonly type?: string
  readonly enabled?: boolean
  readonly click?: () => void
}

export class Menu {
  public constructor(public readonly items: ReadonlyArray<FakeMenuItem>) {}

  public static buildFromTemplate(template: ReadonlyArray<FakeMenuItem>): Menu {
    return new Menu(template)
  }
}

export class Tray extends EventEmitter {
  public static readonly created: Tray[] = []
  public tooltip = ''
  public menu: Menu | null = null
  public destroyed = false

  public constructor(public image: FakeNativeImage) {
    super()
    Tray.created.push(this)
  }

  public setImage(image: FakeNativeImage): void {
    this.image = image
  }

  public setToolTip(tooltip: string): void {
    this.tooltip = tooltip
  }

  public setContextMenu(menu: Menu | null): void {
    this.menu = menu
  }

  public destroy(): void {
    this.destroyed = true
  }

  /** The menu item with this label (clicking it runs what main attached). */
  public item(label: string | RegExp): FakeMenuItem | undefined {
    return this.menu?.items.find(item => item.label !== undefined && new RegExp(label).test(item.label))
  }
}

export class Notification extends EventEmitter {
  public static readonly shown: Notification[] = []
  public static supported = true

  public constructor(public readonly options: { title: string; body: string }) {
    super()
  }

  public static isSupported(): boolean {
    return Notification.supported
  }

  public show(): void {
    Notification.shown.push(this)
  }
}

export const powerMonitor = new EventEmitter()

export function resetFakeTray(): void {
  Tray.created.length = 0
  Notification.shown.length = 0
  Notification.supported = true
  powerMonitor.removeAllListeners()
}
