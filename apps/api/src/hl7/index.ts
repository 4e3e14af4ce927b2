/** HL7 v2 vital signs from bedside monitors, and the devices' API keys. */
export { deviceRoutes } from './devices.handlers.ts';
export { hl7Routes } from './hl7.handlers.ts';
