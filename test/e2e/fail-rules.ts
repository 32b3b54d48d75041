/** An error the fake answers a method with, `times` times (default once), optionally only for one chat. */
export interface FailRule {
  method: string;
  chatId?: number;
  times?: number;
  error_code: number;
  description: string;
  parameters?: { retry_after?: number; migrate_to_chat_id?: number };
}

export const tooManyRequests = (method: string, retryAfter: number, chatId?: number): FailRule => ({
  method,
  chatId,
  error_code: 429,
  description: `Too Many Requests: retry after ${retryAfter}`,
  parameters: { retry_after: retryAfter },
});

export const botBlocked = (method: string, chatId: number, times = Number.POSITIVE_INFINITY): FailRule => ({
  method,
  chatId,
  times,
  error_code: 403,
  description:
    chatId < 0 ? 'Forbidden: bot was kicked from the supergroup chat' : 'Forbidden: bot was blocked by the user',
});

/** The rule that applies to this call, used up once (a rule with times left stays); null when the call goes through. */
export function takeFailure(rules: FailRule[], method: string, chatId: unknown): FailRule | null {
  const rule = rules.find((r) => r.method === method && (r.chatId === undefined || Number(chatId) === r.chatId));
  if (!rule) return null;
  rule.times = (rule.times ?? 1) - 1;
  if (rule.times <= 0) rules.splice(rules.indexOf(rule), 1);
  return rule;
}
