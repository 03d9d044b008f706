/**
 * Posts firing alerts to a controller's /webhooks/alertmanager as Alertmanager does (version 4,
 * receiver claude-zen), with a bearer token. Returns the answer for the caller to check.
 */
export function postFiringAlerts(
  controllerUrl: string,
  token: string,
  alerts: Record<string, unknown>[],
): Promise<Response> {
  return fetch(`${controllerUrl}/webhooks/alertmanager`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ version: '4', status: 'firing', receiver: 'claude-zen', alerts }),
  });
}
