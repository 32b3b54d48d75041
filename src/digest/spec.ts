import { z } from 'zod';
import { UserError } from '../errors.js';

export const DIGEST_PRESETS = ['要点', '三公'] as const;
export type DigestPreset = (typeof DIGEST_PRESETS)[number];

export const MAX_QUESTIONS = 10;

/** What a subscription sends: a preset digest, or the answers to a list of questions. */
export const digestContentSchema = z.union([
  z.object({ preset: z.enum(DIGEST_PRESETS) }),
  z.object({ questions: z.array(z.string().min(1).max(200)).min(1).max(MAX_QUESTIONS) }),
]);
export type DigestContent = z.infer<typeof digestContentSchema>;

const PRESET_NAMES: Record<DigestPreset, string[]> = {
  要点: ['', '要点', '决算要点', '本单位决算要点', '单位决算要点', '摘要', '简报', '决算简报'],
  三公: ['三公', '三公经费', '三公经费执行情况', '三公经费情况', '三公经费执行率'],
};

/** 「发本单位决算要点」→ preset 要点; 「三公经费执行率；住房保障支出同比」→ two questions. */
export function parseDigestContent(text: string): DigestContent {
  const bare = text
    .trim()
    .replace(/^(?:发送?|推送)/, '')
    .replace(/[。.！!]+$/, '')
    .trim();
  for (const preset of DIGEST_PRESETS) if (PRESET_NAMES[preset].includes(bare)) return { preset };
  const questions = text
    .split(/[；;\n|｜]+/)
    .map((q) => q.trim())
    .filter(Boolean);
  if (questions.length > MAX_QUESTIONS)
    throw new UserError('E_BAD_ARGS', `问题太多：一个订阅最多 ${MAX_QUESTIONS} 个问题（用“；”分隔）。`);
  const long = questions.find((q) => q.length > 200);
  if (long) throw new UserError('E_BAD_ARGS', `问题太长（最多200字）：「${long.slice(0, 20)}…」`);
  return { questions };
}

export const describeContent = (c: DigestContent): string =>
  'preset' in c ? (c.preset === '要点' ? '决算要点' : '三公经费执行情况') : `问题：${c.questions.join('；')}`;

/** Stored JSON read back: anything unexpected becomes the default digest rather than a crash at send time. */
export const contentOf = (raw: unknown): DigestContent => {
  const parsed = digestContentSchema.safeParse(raw);
  return parsed.success ? parsed.data : { preset: '要点' };
};
