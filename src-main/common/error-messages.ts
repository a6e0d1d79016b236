/**
 * Sentences for core errors that carry a message key (`error.<key>`, see
 * common/errors.ts), in both languages, for every host: the renderer's
 * strings (src-renderer/i18n/error-text.ts) and the `briefing` command line
 * (cli/cli-messages.ts `errorSentence`). ICU MessageFormat: `{name}`
 * placeholders are the error's params; counts use `{count, plural, …}`.
 */
export const zh = {
  'error.article.notFound': '这篇文章已不在文库中，它可能已被删除。',
  'error.article.deleted': '《{title}》已从文库中删除。',
  'error.article.sameAsOther': '修改后的正文与《{title}》完全相同。',
  'error.briefing.notFound': '这份简报已不存在，它可能已被删除。',
  'error.briefing.unreadable': '简报《{title}》缺失或无法读取；损坏的文件已移到 quarantine/（见文库问题）。',
  'error.import.duplicateFile': '{file} 已在文库中，题为《{title}》。',
  'error.import.duplicateText': '这段文字已在文库中，题为《{title}》。',
  'error.import.missing': '找不到文件 {file}。',
  'error.import.tooLarge': '{file} 大小为 {sizeMb, number} MB；简报台只导入不超过 {limitMb, number} MB 的文件。',
  'error.annotation.notFound': '这条划线已不在本文中，可能已被删除。请刷新后再试。',
  'error.annotation.exists': '这条划线已经存在。',
  'error.annotation.blankRange': '所选内容只有空白，无法划线。',
  'error.annotation.rangeOutside': '所选范围 {start}–{end} 超出了正文（共 {length, number} 个字符）。请刷新后重新选择。',
  'error.annotation.fileNotJson': '这个标注文件不是有效的 JSON（{reason}），未导入任何内容。',
  'error.text.rangeOutside': '要修改的范围 {start}–{end} 超出了正文（共 {length, number} 个字符）。请刷新后再改。',
  'error.text.lineBreak': '一次修改不能包含换行；请逐段修改。',
  'error.text.empty': '这样修改会让文章变成空白，未保存。',
  'error.article.notFoundMany': '{count, plural, one {有一篇文章} other {有 # 篇文章}}已不在文库中，可能已被删除；未做任何改动。',
  'error.notebook.articleGone': '所选划线中有一篇文章已不在文库中，它可能已被删除。未导出任何内容。',
  'error.notebook.highlightGone': '所选划线中有一条已不在原文中，可能已被删除。未导出任何内容。',
  'error.notebook.nothingMatches': '没有符合筛选条件的划线，未导出任何内容。',
  'error.briefing.needsTitle': '简报需要标题（或指定要续接的系列）。',
  'error.library.locked': '文库 {dir} 已被另一个简报台进程（pid {pid}）打开。请先关闭它，或打开其他文件夹。',
  'error.briefing.highlightGone': '《{title}》中已没有这条划线，它可能已被删除。',
  'error.briefing.noSection': '简报中已没有这个栏目，它可能已被删除。请重新打开简报。',
  'error.briefing.noItem': '简报中已没有这一条，它可能已被移除。请重新打开简报。',
  'error.briefing.itemAlready': '这一条已在简报中。',
  'error.backup.notFound': '备份文件夹 {folder} 中没有名为 {name} 的备份。',
  'error.backup.noArchive': '找不到备份文件 {path}。',
  'error.backup.damaged': '无法从 {file} 恢复：它不是简报台的备份文件，或已损坏、不完整。文库没有任何改动。',
  'error.settings.newer': '文库设置由更新版本的简报台写入，在此版本中只读；请更新简报台后再修改。',
  'error.export.noChromium':
    'PDF 导出需要 Chromium、Google Chrome 或 Microsoft Edge，本机未找到。请安装其中之一（Debian/Ubuntu：apt-get install chromium），或把 CHROMIUM_PATH 设为浏览器程序的路径。Word、Markdown 和 HTML 导出不需要它。',
  'error.export.chromiumPathMissing': 'CHROMIUM_PATH 设为 {path}，但那里没有文件。请把它指向 Chromium、Chrome 或 Edge 的程序，或取消设置以使用已安装的浏览器。',
  'error.export.noChineseFonts': '本机没有中文字体，PDF 会显示为空框。请安装字体（Debian/Ubuntu：sudo apt-get install {packages}）后再导出。',
};

export const en: Record<keyof typeof zh, string> = {
  'error.article.notFound': 'This article is no longer in the library; it may have been deleted.',
  'error.article.deleted': '“{title}” has been deleted from the library.',
  'error.article.sameAsOther': 'The edited text is identical to “{title}”.',
  'error.briefing.notFound': 'This briefing no longer exists; it may have been deleted.',
  'error.briefing.unreadable': 'The briefing “{title}” is missing or unreadable; a damaged file was moved to quarantine/ (see the library problems).',
  'error.import.duplicateFile': '{file} is already in the library as “{title}”.',
  'error.import.duplicateText': 'This text is already in the library as “{title}”.',
  'error.import.missing': '{file} was not found.',
  'error.import.tooLarge': '{file} is {sizeMb, number} MB; Briefing Desk imports files up to {limitMb, number} MB.',
  'error.annotation.notFound': 'This highlight is no longer in the article; it may have been deleted. Reload and try again.',
  'error.annotation.exists': 'This highlight already exists.',
  'error.annotation.blankRange': 'The selection is only white space; there is nothing to highlight.',
  'error.annotation.rangeOutside':
    'The selection {start}–{end} is outside the text ({length, plural, one {# character} other {# characters}}). Reload and select again.',
  'error.annotation.fileNotJson': 'The annotation file is not valid JSON ({reason}); nothing was imported.',
  'error.text.rangeOutside': 'The range {start}–{end} is outside the text ({length, plural, one {# character} other {# characters}}). Reload and edit again.',
  'error.text.lineBreak': 'A correction cannot contain line breaks; edit one block at a time.',
  'error.text.empty': 'The edit would leave the article empty; it was not saved.',
  'error.article.notFoundMany':
    '{count, plural, one {An article is no longer in the library; it may} other {# articles are no longer in the library; they may}} have been deleted. Nothing was changed.',
  'error.notebook.articleGone': 'An article of these highlights is no longer in the library; it may have been deleted. Nothing was exported.',
  'error.notebook.highlightGone': 'One of these highlights is no longer in its article; it may have been deleted. Nothing was exported.',
  'error.notebook.nothingMatches': 'No highlight matches the filter; nothing was exported.',
  'error.briefing.needsTitle': 'A briefing needs a title (or the series it continues).',
  'error.library.locked': 'The library at {dir} is open in another Briefing Desk process (pid {pid}). Close it first, or open a different folder.',
  'error.briefing.highlightGone': 'This highlight is no longer in “{title}”; it may have been deleted.',
  'error.briefing.noSection': 'This section is no longer in the briefing; it may have been deleted. Reload the briefing.',
  'error.briefing.noItem': 'This item is no longer in the briefing; it may have been removed. Reload the briefing.',
  'error.briefing.itemAlready': 'This item is already in the briefing.',
  'error.backup.notFound': 'No backup named {name} in {folder}.',
  'error.backup.noArchive': 'No backup archive at {path}.',
  'error.backup.damaged': '{file} cannot be restored: it is not a Briefing Desk backup archive, or it is damaged or truncated. Nothing was changed.',
  'error.settings.newer': 'The library settings were written by a newer Briefing Desk and are read-only in this version; update Briefing Desk to change them.',
  'error.export.noChromium':
    'PDF export needs Chromium, Google Chrome or Microsoft Edge, and none was found. Install one (on Debian/Ubuntu: apt-get install chromium), or set CHROMIUM_PATH to the browser executable. Word, Markdown and HTML export work without it.',
  'error.export.chromiumPathMissing':
    'CHROMIUM_PATH is set to {path}, but no file is there. Point CHROMIUM_PATH at a Chromium, Chrome or Edge executable, or unset it to use an installed browser.',
  'error.export.noChineseFonts':
    'This computer has no Chinese fonts, so the PDF would print empty boxes. Install them (Debian/Ubuntu: sudo apt-get install {packages}) and export again.',
};
