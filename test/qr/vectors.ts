/** Known payloads from outside this project, shared by the codec and interop tests. */

/**
 * The example payload of the EMV QRCPS Merchant-Presented Mode specification: two merchant
 * account templates (29, 31), a Chinese alternate-language template (64) whose lengths count
 * characters, not bytes, and CRC A13A.
 */
export const emvcoSpecExample =
  '00020101021229300012D156000000000510A93FO3230Q31280012D15600000001030812345678' +
  '520441115802CN5914BEST TRANSPORT6007BEIJING64200002ZH0104最佳运输0202北京' +
  '540523.7253031565502016233030412340603***0708A60086670902ME' +
  '91320016A0112233449988770708123456786304A13A';
