/** What people write: subjects with their previews, and the senders newsletters come from. */
export interface MailTemplate {
  subject: string;
  preview: string;
  attachments?: boolean;
}

export const WORK_MAIL: readonly MailTemplate[] = [
  { subject: "Q4 forecast - latest numbers", preview: "Hi, attached are the latest forecast numbers for Q4. Let me know if anything looks off before Friday.", attachments: true },
  { subject: "Meeting notes: weekly project sync", preview: "Thanks all for joining. Notes and actions below; please update the tracker by Wednesday." },
  { subject: "Updated timeline for the migration", preview: "We have moved the cut-over to the second week of December. The revised plan is on the team site." },
  { subject: "Customer call follow-up", preview: "Following our call this morning, here is a summary of what we agreed and the next steps." },
  { subject: "Draft contract for review", preview: "Please find the draft attached. Legal have made a few changes in section 4.", attachments: true },
  { subject: "Holiday cover next week", preview: "I'm off from Monday to Wednesday. Sam will cover the queue; urgent items to the shared mailbox." },
  { subject: "Interview feedback", preview: "Thanks for interviewing the candidate today. Could you add your scores to the form by end of day?" },
  { subject: "Lunch and learn: Power BI basics", preview: "Join us on Thursday at 12:30 in the large meeting room for an intro to Power BI dashboards." },
  { subject: "Expenses for October", preview: "I've submitted my October expenses, receipts are attached for the hotel and train.", attachments: true },
  { subject: "Supplier onboarding checklist", preview: "Here is the checklist we use for new suppliers. Procurement need the signed form before the PO." },
  { subject: "Release notes 4.12", preview: "Release 4.12 went out last night. Highlights: faster search, two bug fixes in exports." },
  { subject: "Office move: desk bookings", preview: "From next month all desks will be bookable. Please use the app to reserve your desk." },
  { subject: "Budget sign-off", preview: "Could you approve the attached budget line for the training course? It's within the team allowance.", attachments: true },
  { subject: "Team offsite agenda", preview: "Agenda for the offsite is below. We start at 9:30 and finish with dinner at 7." },
  { subject: "Quick question about the report", preview: "In the monthly report, are the figures on page 3 before or after the adjustment?" },
  { subject: "Training reminder", preview: "A reminder that the annual compliance training is due by the end of the month." },
  { subject: "Thanks!", preview: "Thanks for your help with this yesterday, much appreciated." },
  { subject: "Invoice query from Northwind", preview: "Northwind asked about the credit note on their last statement. Could you check the ledger?" },
  { subject: "Sprint review slides", preview: "Slides for tomorrow's sprint review are attached. Feel free to add your section.", attachments: true },
  { subject: "Parking permits", preview: "New parking permits are ready for collection from reception." },
];

export const BULK_MAIL: readonly MailTemplate[] = [
  { subject: "HR update: benefits enrolment closes Friday", preview: "Enrolment for next year's benefits closes this Friday. Details on the HR site." },
  { subject: "Reminder: complete your annual review", preview: "Please complete your self-assessment in the HR portal before the deadline." },
  { subject: "Company news: November round-up", preview: "Highlights from this month, new starters and upcoming events. Read more on the intranet." },
  { subject: "Christmas party - save the date", preview: "Our Christmas party is on 12 December. Please RSVP on the intranet page by next week." },
  { subject: "Wellbeing week: sessions this week", preview: "This week's wellbeing sessions are open for booking on the intranet." },
];

export const NEWSLETTER_SENDERS: readonly { name: string; address: string }[] = [
  { name: "Industry Weekly", address: "news@industryweekly.example" },
  { name: "Tech Digest", address: "digest@techdigest.example" },
  { name: "Market Briefing", address: "briefing@marketbriefing.example" },
  { name: "Conference Updates", address: "updates@eventhub.example" },
];

export const PARTNERS: readonly { name: string; address: string }[] = [
  { name: "Northwind Accounts", address: "accounts@northwind-traders.example" },
  { name: "Fabrikam Projects", address: "projects@partner-fabrikam.example" },
  { name: "Tailspin Support", address: "support@tailspin-toys.example" },
  { name: "Adatum Legal", address: "legal@adatum.example" },
  { name: "Litware Sales", address: "sales@litware.example" },
];
