/**
 * Every UI string in both languages, in one place. Keys are grouped by
 * feature; `{name}` placeholders are filled by `t(key, { name })`.
 */
export const LOCALES = ['zh-CN', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

const zh = {
  'app.name': '简报台',
  'app.language': 'English',
  'app.languageLabel': '切换语言',
  'app.views': '视图',
  'app.viewLibrary': '文库',
  'app.viewBriefings': '简报',
  'library.title': '文库',
  'library.empty': '文库是空的。导入文章开始阅读。',
  'library.count': '{count} 篇文章',
  'library.noSource': '未注明来源',
  'library.listLabel': '文章列表',
  'import.file': '导入文件',
  'import.folder': '导入文件夹',
  'import.paste': '从剪贴板新建',
  'import.drop': '松开以导入文件',
  'import.done': '已导入“{title}”',
  'import.progress': '正在导入 {done}/{total}',
  'import.summary': '导入完成：{imported} 篇导入，{duplicate} 篇重复，{refused} 篇未导入',
  'import.status.imported': '已导入',
  'import.status.duplicate': '重复',
  'import.status.refused': '未导入',
  'import.pasteTitle': '从剪贴板新建文章',
  'import.pastePlaceholder': '在此粘贴文章全文（第一行作为标题）',
  'import.pasteTitleField': '标题（可选）',
  'import.pasteSubmit': '导入',
  'common.cancel': '取消',
  'common.close': '关闭',
  'common.save': '保存',
  'common.delete': '删除',
  'common.undo': '撤销',
  'common.error': '出错了',
  'reader.empty': '在左侧选择一篇文章。',
  'reader.loading': '正在打开……',
  'reader.source': '来源',
  'reader.published': '日期',
  'warnings.title': '文库提示',
} as const;

export type StringKey = keyof typeof zh;

const en: Record<StringKey, string> = {
  'app.name': 'Briefing Desk',
  'app.language': '中文',
  'app.languageLabel': 'Switch language',
  'app.views': 'Views',
  'app.viewLibrary': 'Library',
  'app.viewBriefings': 'Briefings',
  'library.title': 'Library',
  'library.empty': 'The library is empty. Import an article to start reading.',
  'library.count': '{count} articles',
  'library.noSource': 'No source',
  'library.listLabel': 'Articles',
  'import.file': 'Import files',
  'import.folder': 'Import folder',
  'import.paste': 'New from clipboard',
  'import.drop': 'Drop to import',
  'import.done': 'Imported “{title}”',
  'import.progress': 'Importing {done}/{total}',
  'import.summary': 'Import finished: {imported} imported, {duplicate} duplicates, {refused} refused',
  'import.status.imported': 'imported',
  'import.status.duplicate': 'duplicate',
  'import.status.refused': 'refused',
  'import.pasteTitle': 'New article from clipboard',
  'import.pastePlaceholder': 'Paste the full text here (the first line becomes the title)',
  'import.pasteTitleField': 'Title (optional)',
  'import.pasteSubmit': 'Import',
  'common.cancel': 'Cancel',
  'common.close': 'Close',
  'common.save': 'Save',
  'common.delete': 'Delete',
  'common.undo': 'Undo',
  'common.error': 'Something went wrong',
  'reader.empty': 'Choose an article on the left.',
  'reader.loading': 'Opening…',
  'reader.source': 'Source',
  'reader.published': 'Date',
  'warnings.title': 'Library notices',
};

export const STRINGS: Record<Locale, Record<StringKey, string>> = { 'zh-CN': zh, en };

export function translate(locale: Locale, key: StringKey, vars?: Record<string, string | number>): string {
  const template = STRINGS[locale][key] ?? STRINGS.en[key] ?? key;
  return vars ? template.replace(/\{(\w+)\}/g, (m, name: string) => (name in vars ? String(vars[name]) : m)) : template;
}

export function defaultLocale(): Locale {
  const saved = typeof localStorage !== 'undefined' ? localStorage.getItem('briefing-desk-locale') : null;
  if (saved === 'en' || saved === 'zh-CN') return saved;
  const nav = typeof navigator !== 'undefined' ? navigator.language : 'zh-CN';
  return nav.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
}
