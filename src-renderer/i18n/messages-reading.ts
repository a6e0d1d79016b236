/**
 * Strings of reading and writing without friction: drafts and the question
 * before typed text is thrown away, reading comfort (theme, text size, line
 * width, outline, panels) and printing an article. ICU MessageFormat, like
 * strings.ts (which merges this table into its own).
 */
export const zh = {
  'draft.discardTitle': '放弃输入的内容？',
  'draft.discardNote': '这条批注中刚输入的内容还没有保存。放弃后无法恢复。',
  'draft.discardTags': '刚添加或输入的标签还没有保存。放弃后无法恢复。',
  'draft.discardMeta': '对文章信息的修改还没有保存。放弃后无法恢复。',
  'draft.discard': '放弃修改',
  'draft.pending': '正在保存草稿……',
  'draft.saved': '草稿已保存',
  'draft.restored': '已恢复上次未保存的草稿',
  'draft.keys': '离开时自动保存 · Esc 放弃',
} as const;

export const en: Record<keyof typeof zh, string> = {
  'draft.discardTitle': 'Discard what you typed?',
  'draft.discardNote': 'What you just typed in this note is not saved yet. Once discarded it cannot be recovered.',
  'draft.discardTags': 'The tags you just added or typed are not saved yet. Once discarded they cannot be recovered.',
  'draft.discardMeta': 'Your changes to the article details are not saved yet. Once discarded they cannot be recovered.',
  'draft.discard': 'Discard changes',
  'draft.pending': 'Saving draft…',
  'draft.saved': 'Draft saved',
  'draft.restored': 'Restored the draft you had not saved',
  'draft.keys': 'Saved when you leave · Esc discards',
};
