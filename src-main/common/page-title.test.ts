import { describe, expect, it } from 'vitest';
import { isSiteOnlyTitle, plausibleDeclaredTitle, reconcileTitle } from './page-title';

describe('declared titles that are no headline', () => {
  it.each([
    ['forpdf.html'],
    ['Microsoft Word - 关于深化电力体制改革的指导意见（送审稿）.docx'],
    ['Microsoft Word - 关于深化电力体制改革的指导意见（送审稿）'],
    ['WPS文字 - 2024年工作要点'],
    ['https://www.gov.cn/zhengce/content/202405/content_6954322.htm'],
    ['www.ndrc.gov.cn'],
    ['about:blank'],
    ['C:\\Users\\wang\\Desktop\\通知（定稿）.doc'],
    ['/home/user/下载/附件1.pdf'],
    ['untitled'],
    ['无标题文档'],
    ['文档1'],
    ['新建 Microsoft Word 文档 (2)'],
    ['Slide 1'],
    ['forpdf'],
    ['zcfb_202406_v2'],
    ['2024-06-01'],
    ['   '],
  ])('%s', (raw) => {
    expect(plausibleDeclaredTitle(raw)).toBeUndefined();
  });

  it.each([
    ['关于深化电力体制改革加快构建新型电力系统的指导意见'],
    ['China unveils plan to expand grid storage'],
    ['2024年国务院政府工作报告'],
    ['“十四五”现代能源体系规划'],
  ])('%s is a headline', (raw) => {
    expect(plausibleDeclaredTitle(raw)).toBe(raw);
  });
});

describe('page titles that name only the site', () => {
  it.each([
    ['新华网_让新闻离你更近'],
    ['人民网_网上的人民日报'],
    ['央视网_世界就在眼前'],
    ['澎湃新闻-专注时政与思想'],
    ['澎湃新闻 - 专注时政与思想'],
    ['中国政府网'],
    ['首页_中国政府网'],
    ['央视网(cctv.com)'],
    ['BBC News - Home'],
    ['新闻中心_中国网'],
  ])('%s', (title) => {
    expect(isSiteOnlyTitle(title)).toBe(true);
  });

  it.each([
    ['国务院常务会议研究部署推动新能源汽车下乡_新华网'],
    ['加快建设全国统一大市场——访国家发展改革委有关负责人--经济·科技--人民网'],
    ['深层嵌套页面_测试网'],
    ['关于加强新闻发布工作的通报'],
    ['新华网评：让新质生产力加快发展'],
  ])('%s carries a headline', (title) => {
    expect(isSiteOnlyTitle(title)).toBe(false);
  });
});

describe('reconcileTitle', () => {
  it('takes the marked headline when <title> names only the site (Xinhua template)', () => {
    expect(reconcileTitle({ pageTitle: '新华网_让新闻离你更近', headlines: ['国务院常务会议研究部署推动新能源汽车下乡'] })).toBe(
      '国务院常务会议研究部署推动新能源汽车下乡',
    );
  });

  it('takes a lone h1 when <title> is a slogan and og:title the site name', () => {
    expect(reconcileTitle({ pageTitle: '澎湃新闻-专注时政与思想', declaredTitle: '澎湃新闻', h1s: ['上海发布新一轮优化营商环境行动方案'] })).toBe(
      '上海发布新一轮优化营商环境行动方案',
    );
  });

  it('never takes the logo h1 or a file-name <title>', () => {
    expect(reconcileTitle({ pageTitle: 'index.html', h1s: ['人民网', '我国首艘大型邮轮开启商业运营'] })).toBe('我国首艘大型邮轮开启商业运营');
  });

  it('prefers a headline the <title> confirms, in the page’s own wording', () => {
    expect(reconcileTitle({ pageTitle: '国常会：推动新能源汽车下乡_新华网', headlines: ['国常会：推动新能源汽车下乡'], h1s: ['新华网'] })).toBe(
      '国常会：推动新能源汽车下乡',
    );
  });
});
