import type { LeadDetail } from '../../../../../src-shared/contract/areas/leads';
import { formatCount, formatPhone, formatPrice } from '../../../format/lead';
import { exactTime } from '../../../format/time';
import { CorrectableField, type CorrectableFieldName } from './CorrectableField';
import { CustomerComments } from './CustomerComments';
import { Fact } from './Fact';

interface ParsedFieldsProps {
  readonly lead: LeadDetail;
  readonly onCorrected: (detail: LeadDetail) => void;
}

const contactLabels = { phone: 'Phone call', email: 'Email', text: 'Text message' } as const;

function tradeInText(tradeIn: NonNullable<LeadDetail['tradeIn']>): string {
  const car = [tradeIn.year, tradeIn.make, tradeIn.model].filter((part) => part !== null).join(' ');
  const miles = tradeIn.odometer !== null ? `${formatCount(tradeIn.odometer)} miles` : '';
  return [car, miles].filter(Boolean).join(', ');
}

/** What the parser read from the lead, each fixable field with its Edit button. */
export function ParsedFields({ lead, onCorrected }: ParsedFieldsProps) {
  const correctable = (field: CorrectableFieldName, label: string, value: string | null, inputType?: 'email' | 'tel', display?: (v: string) => string) => (
    <CorrectableField
      leadId={lead.id}
      field={field}
      label={label}
      value={value}
      corrections={lead.corrections.filter((c) => c.field === field).sort((a, b) => a.correctedAt.localeCompare(b.correctedAt))}
      inputType={inputType}
      display={display}
      onCorrected={onCorrected}
    />
  );
  const v = lead.vehicleDetail;

  return (
    <div className="detail-parsed">
      <section className="detail-section" aria-labelledby="lead-customer-title">
        <h3 className="detail-section__title" id="lead-customer-title">
          Customer
        </h3>
        <dl className="fields">
          {correctable('fullName', 'Full name', lead.customerName)}
          {correctable('firstName', 'First name', lead.firstName)}
          {correctable('lastName', 'Last name', lead.lastName)}
          {correctable('email', 'Email', lead.email, 'email')}
          {correctable('phone', 'Phone', lead.phone, 'tel', formatPhone)}
          {correctable('postalCode', 'Postal code', lead.postalCode)}
          <Fact label="Prefers">{lead.preferredContact ? contactLabels[lead.preferredContact] : null}</Fact>
          <Fact label="Requested">{lead.requestedAt ? exactTime(lead.requestedAt) : null}</Fact>
        </dl>
      </section>
      <section className="detail-section" aria-labelledby="lead-vehicle-title">
        <h3 className="detail-section__title" id="lead-vehicle-title">
          Vehicle
        </h3>
        <dl className="fields">
          {correctable('vehicle', 'Vehicle', lead.vehicle)}
          <Fact label="Year">{v?.year ?? null}</Fact>
          <Fact label="Make">{v?.make}</Fact>
          <Fact label="Model">{v?.model}</Fact>
          <Fact label="Trim">{v?.trim}</Fact>
          <Fact label="VIN">{v?.vin}</Fact>
          <Fact label="Stock #">{v?.stock}</Fact>
          <Fact label="New or used">{v?.status === 'new' ? 'New' : v?.status === 'used' ? 'Used' : null}</Fact>
          <Fact label="Interest">{v?.interest ?? null}</Fact>
          <Fact label="Price">{v?.price != null ? formatPrice(v.price) : null}</Fact>
          <Fact label="Trade-in">{lead.tradeIn ? tradeInText(lead.tradeIn) : null}</Fact>
        </dl>
        <p className="panel__hint">LeadPulse does not check whether this vehicle is still in stock.</p>
      </section>
      <CustomerComments lead={lead} />
    </div>
  );
}
