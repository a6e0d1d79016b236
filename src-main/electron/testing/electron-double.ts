/**
 * A test double of the `electron` module for the main-process tests: it
 * records what the shell sets up (privileged schemes, protocol handlers,
 * permission handlers per session, IPC handlers, windows and their
 * listeners) and lets a test emit app and web-contents events the way
 * Electron would. Used with `vi.doMock('electron', () => double.module)`.
 */
type Listener = (...args: unknown[]) => unknown;

class Emitter {
  readonly listeners = new Map<string, Listener[]>();
  on(name: string, fn: Listener) {
    this.listeners.set(name, [...(this.listeners.get(name) ?? []), fn]);
    return this;
  }
  once(name: string, fn: Listener) {
    return this.on(name, fn);
  }
  removeListener(name: string, fn: Listener) {
    this.listeners.set(
      name,
      (this.listeners.get(name) ?? []).filter((f) => f !== fn),
    );
    return this;
  }
  /** Calls every listener of `name`; returns their results. */
  emit(name: string, ...args: unknown[]): unknown[] {
    return (this.listeners.get(name) ?? []).map((fn) => fn(...args));
  }
  has(name: string): boolean {
    return (this.listeners.get(name) ?? []).length > 0;
  }
}

export interface FakeFrame {
  url: string;
  origin?: string;
  parent: FakeFrame | null;
  processId: number;
  routingId: number;
}

export class FakeSession {
  permissionRequest?: (wc: unknown, permission: string, callback: (ok: boolean) => void, details?: unknown) => void;
  permissionCheck?: (wc: unknown, permission: string, origin: string, details?: unknown) => boolean;
  devicePermission?: (details: unknown) => boolean;
  beforeRequest?: (details: { url: string }, callback: (r: { cancel: boolean }) => void) => void;
  readonly protocolHandlers = new Map<string, (request: Request) => Promise<Response> | Response>();
  constructor(readonly partition: string) {}
  setPermissionRequestHandler(fn: FakeSession['permissionRequest']) {
    this.permissionRequest = fn;
  }
  setPermissionCheckHandler(fn: FakeSession['permissionCheck']) {
    this.permissionCheck = fn;
  }
  setDevicePermissionHandler(fn: FakeSession['devicePermission']) {
    this.devicePermission = fn;
  }
  webRequest = { onBeforeRequest: (fn: FakeSession['beforeRequest']) => (this.beforeRequest = fn) };
  protocol = { handle: (scheme: string, fn: (request: Request) => Promise<Response>) => this.protocolHandlers.set(scheme, fn) };
}

let nextId = 1;

export class FakeWebContents extends Emitter {
  readonly id = nextId++;
  windowOpenHandler?: (details: { url: string }) => { action: string };
  readonly sent: unknown[][] = [];
  mainFrame: FakeFrame;
  constructor(url = '') {
    super();
    this.mainFrame = { url, parent: null, processId: 100 + this.id, routingId: 1 };
  }
  setWindowOpenHandler(fn: FakeWebContents['windowOpenHandler']) {
    this.windowOpenHandler = fn;
  }
  send(...args: unknown[]) {
    this.sent.push(args);
  }
  async printToPDF() {
    return Buffer.from('%PDF-1.7 test');
  }
}

export function createElectronDouble() {
  const app = Object.assign(new Emitter(), {
    isPackaged: false,
    sandboxEnabled: false,
    name: 'briefing-desk',
    paths: { appData: '/nonexistent/appdata', userData: '/nonexistent/appdata/briefing-desk' } as Record<string, string>,
    readyCalls: 0,
    singleInstance: true,
    quit: () => undefined,
    locale: 'en-US',
    getLocale() {
      return app.locale;
    },
    getVersion() {
      return '0.0.0-test';
    },
    exit: (_code?: number) => undefined,
    requestSingleInstanceLock() {
      return this.singleInstance;
    },
    whenReady() {
      app.readyCalls++;
      return Promise.resolve();
    },
    enableSandbox() {
      app.sandboxEnabled = true;
    },
    setName(name: string) {
      app.name = name;
    },
    getPath(name: string) {
      return app.paths[name] ?? `/nonexistent/${name}`;
    },
    setPath(name: string, value: string) {
      app.paths[name] = value;
    },
  });

  const sessions = new Map<string, FakeSession>();
  const session = {
    defaultSession: new FakeSession(''),
    fromPartition(partition: string) {
      let s = sessions.get(partition);
      if (!s) {
        s = new FakeSession(partition);
        sessions.set(partition, s);
        app.emit('session-created', s);
      }
      return s;
    },
  };

  const privileged: { scheme: string; privileges: Record<string, boolean> }[] = [];
  /** Order of calls that matter for "before ready": scheme registration vs whenReady. */
  const order: string[] = [];
  const protocol = {
    registerSchemesAsPrivileged(schemes: typeof privileged) {
      order.push('registerSchemesAsPrivileged');
      privileged.push(...schemes);
    },
    handle(scheme: string, fn: (request: Request) => Promise<Response>) {
      session.defaultSession.protocolHandlers.set(scheme, fn);
    },
  };
  const originalWhenReady = app.whenReady;
  app.whenReady = function () {
    order.push('whenReady');
    return originalWhenReady.call(app);
  };

  const windows: FakeWindow[] = [];
  class FakeWindow extends Emitter {
    readonly webContents: FakeWebContents;
    loadedUrl?: string;
    destroyed = false;
    constructor(readonly options: Electron.BrowserWindowConstructorOptions) {
      super();
      this.webContents = new FakeWebContents();
      windows.push(this);
      app.emit('web-contents-created', {}, this.webContents);
    }
    async loadURL(url: string) {
      this.loadedUrl = url;
      this.webContents.mainFrame.url = url;
    }
    async loadFile(path: string) {
      this.loadedUrl = `file://${path}`;
    }
    isMinimized() {
      return false;
    }
    restore() {}
    show() {}
    focus() {}
    destroy() {
      this.destroyed = true;
    }
    static getAllWindows() {
      return windows.filter((w) => !w.destroyed);
    }
    static fromWebContents(wc: unknown) {
      return windows.find((w) => w.webContents === wc) ?? null;
    }
  }

  const ipcHandlers = new Map<string, Listener>();
  const ipcMain = {
    handle(channel: string, fn: Listener) {
      if (ipcHandlers.has(channel)) throw new Error(`second handler for ${channel}`);
      ipcHandlers.set(channel, fn);
    },
  };
  const opened: string[] = [];
  /** Options of every crashReporter.start call, in order (with the call order in `order`). */
  const crashReports: Record<string, unknown>[] = [];
  const crashReporter = {
    start(options: Record<string, unknown>) {
      order.push('crashReporter.start');
      crashReports.push(options);
    },
  };
  /** What was written to the clipboard, newest last. */
  const clipboardTexts: string[] = [];
  /** Menus set with Menu.setApplicationMenu, newest last. */
  const menus: unknown[] = [];
  const messages: Record<string, unknown>[] = [];
  const dialogs: { kind: 'save' | 'open'; options: Record<string, unknown> }[] = [];
  /** Set by a test: what the next save/open dialog answers. */
  const nextDialog: { save?: { canceled: boolean; filePath?: string }; open?: { canceled: boolean; filePaths: string[] } } = {};
  const module = {
    app,
    session,
    protocol,
    BrowserWindow: FakeWindow,
    ipcMain,
    crashReporter,
    clipboard: { writeText: (text: string) => void clipboardTexts.push(text) },
    dialog: {
      showErrorBox: (..._a: unknown[]) => undefined,
      /** What the next save dialog answers (default: cancelled); each call's options are kept in `dialogs`. */
      showSaveDialog: async (...args: unknown[]) => {
        dialogs.push({ kind: 'save', options: args.at(-1) as Record<string, unknown> });
        return nextDialog.save ?? { canceled: true };
      },
      showOpenDialog: async (...args: unknown[]) => {
        dialogs.push({ kind: 'open', options: args.at(-1) as Record<string, unknown> });
        return nextDialog.open ?? { canceled: true, filePaths: [] };
      },
      showMessageBox: async (options: Record<string, unknown>) => {
        messages.push(options);
        return { response: 0 };
      },
    },
    Menu: { setApplicationMenu: (menu: unknown) => void menus.push(menu), buildFromTemplate: (t: unknown) => t },
    shell: { openExternal: async (url: string) => void opened.push(url) },
    /** The system's light/dark setting (a test may set it). */
    nativeTheme: { shouldUseDarkColors: false },
    /** One display; a test may set its work area (CSS px) before the window opens. */
    screen: {
      workAreaSize: { width: 1366, height: 728 },
      getCursorScreenPoint: () => ({ x: 0, y: 0 }),
      getDisplayNearestPoint(this: { workAreaSize: { width: number; height: number } }) {
        return { workAreaSize: this.workAreaSize };
      },
    },
  };
  return {
    module,
    app,
    session,
    protocol,
    privileged,
    order,
    windows,
    ipcHandlers,
    opened,
    FakeWindow,
    crashReports,
    clipboardTexts,
    menus,
    messages,
    dialogs,
    nextDialog,
  };
}

export type ElectronDouble = ReturnType<typeof createElectronDouble>;
