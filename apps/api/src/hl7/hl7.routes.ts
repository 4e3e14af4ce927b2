import { createRoute } from '@hono/zod-openapi';
import { allow, answers, DEVICE } from '../http/route-declaration.ts';

export const receiveHl7Messages = createRoute({
  method: 'post',
  path: '/',
  summary: 'HL7 v2 ORU^R01 vitals from devices (text/plain; device key); ACK per message',
  ...allow(DEVICE),
  responses: answers('HL7 v2 ORU^R01 vitals from devices'),
});
