// The subjects of the emails the portal sends, shared by the portal (which sends them) and the
// CLI (whose dry runs say what would be sent).
export const MESSAGE_SUBJECTS = {
  invitation: 'You are invited to the Jobs Portal',
  passwordReset: 'Reset your Jobs Portal password',
  sharedLink: 'Your new link to the client portal',
  portalAccess: 'You have been given access to a client portal',
  portalAccessBack: 'Your access to the client portal is back',
  representativeInvitation: 'You are invited to the Jobs Portal as a client representative',
} as const;
