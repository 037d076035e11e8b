/**
 * The two upper levels of the German classification of occupations (KldB 2010, Bundesagentur für
 * Arbeit): 10 occupational areas (Berufsbereiche, first digit) and 37 occupational main groups
 * (Berufshauptgruppen, first two digits), in German and English. The Profilingbogen's code list
 * holds the 3-digit occupational groups; the evaluation counts at these coarser levels.
 */
import type { LocalizedText } from '../form/index';

const t = (de: string, en: string): LocalizedText => ({ de, en });

export const kldbAreas: Readonly<Record<string, LocalizedText>> = {
  '0': t('Militär', 'Military'),
  '1': t('Land-, Forst- und Tierwirtschaft und Gartenbau', 'Agriculture, forestry, farming and gardening'),
  '2': t('Rohstoffgewinnung, Produktion und Fertigung', 'Raw materials, production and manufacturing'),
  '3': t('Bau, Architektur, Vermessung und Gebäudetechnik', 'Construction, architecture, surveying and building services'),
  '4': t('Naturwissenschaft, Geografie und Informatik', 'Natural sciences, geography and computer science'),
  '5': t('Verkehr, Logistik, Schutz und Sicherheit', 'Transport, logistics, protection and security'),
  '6': t('Kaufmännische Dienstleistungen, Warenhandel, Vertrieb, Hotel und Tourismus', 'Commercial services, trade, sales, hotels and tourism'),
  '7': t('Unternehmensorganisation, Buchhaltung, Recht und Verwaltung', 'Business organisation, accounting, law and administration'),
  '8': t('Gesundheit, Soziales, Lehre und Erziehung', 'Health care, social work, teaching and education'),
  '9': t('Sprach-, Literatur-, Geistes-, Gesellschafts- und Wirtschaftswissenschaften, Medien, Kunst, Kultur und Gestaltung', 'Humanities, social sciences, economics, media, art, culture and design'),
};

export const kldbMainGroups: Readonly<Record<string, LocalizedText>> = {
  '01': t('Angehörige der regulären Streitkräfte', 'Members of the armed forces'),
  '11': t('Land-, Tier- und Forstwirtschaftsberufe', 'Agriculture, farming and forestry'),
  '12': t('Gartenbauberufe und Floristik', 'Gardening and floristry'),
  '21': t('Rohstoffgewinnung und -aufbereitung, Glas- und Keramikherstellung und -verarbeitung', 'Raw materials, glass and ceramics'),
  '22': t('Kunststoffherstellung und -verarbeitung, Holzbe- und -verarbeitung', 'Plastics and wood working'),
  '23': t('Papier- und Druckberufe, technische Mediengestaltung', 'Paper, printing and technical media design'),
  '24': t('Metallerzeugung und -bearbeitung, Metallbauberufe', 'Metal making, metal working and metal construction'),
  '25': t('Maschinen- und Fahrzeugtechnikberufe', 'Machine building and automotive technology'),
  '26': t('Mechatronik-, Energie- und Elektroberufe', 'Mechatronics, energy and electrical occupations'),
  '27': t('Technische Forschungs-, Entwicklungs-, Konstruktions- und Produktionssteuerungsberufe', 'Technical research, development, design and production planning'),
  '28': t('Textil- und Lederberufe', 'Textiles and leather'),
  '29': t('Lebensmittelherstellung und -verarbeitung', 'Food production and processing'),
  '31': t('Bauplanungs-, Architektur- und Vermessungsberufe', 'Construction planning, architecture and surveying'),
  '32': t('Hoch- und Tiefbauberufe', 'Building and civil engineering'),
  '33': t('(Innen-)Ausbauberufe', 'Interior construction'),
  '34': t('Gebäude- und versorgungstechnische Berufe', 'Building services and utilities'),
  '41': t('Mathematik-, Biologie-, Chemie- und Physikberufe', 'Mathematics, biology, chemistry and physics'),
  '42': t('Geologie-, Geografie- und Umweltschutzberufe', 'Geology, geography and environmental protection'),
  '43': t('Informatik-, Informations- und Kommunikationstechnologieberufe', 'Computer science, information and communication technology'),
  '51': t('Verkehrs- und Logistikberufe (außer Fahrzeugführung)', 'Traffic and logistics (except driving)'),
  '52': t('Führer/innen von Fahrzeug- und Transportgeräten', 'Drivers and operators of vehicles and transport equipment'),
  '53': t('Schutz-, Sicherheits- und Überwachungsberufe', 'Protection, safety and surveillance'),
  '54': t('Reinigungsberufe', 'Cleaning'),
  '61': t('Einkaufs-, Vertriebs- und Handelsberufe', 'Purchasing, sales and trade'),
  '62': t('Verkaufsberufe', 'Retail sales'),
  '63': t('Tourismus-, Hotel- und Gaststättenberufe', 'Tourism, hotels and restaurants'),
  '71': t('Berufe in Unternehmensführung und -organisation', 'Business management and organisation'),
  '72': t('Berufe in Finanzdienstleistungen, Rechnungswesen und Steuerberatung', 'Financial services, accounting and tax advice'),
  '73': t('Berufe in Recht und Verwaltung', 'Law and administration'),
  '81': t('Medizinische Gesundheitsberufe', 'Medical health care'),
  '82': t('Nichtmedizinische Gesundheits-, Körperpflege- und Wellnessberufe, Medizintechnik', 'Non-medical health care, body care, wellness and medical technology'),
  '83': t('Erziehung, soziale und hauswirtschaftliche Berufe, Theologie', 'Education, social work, housekeeping and theology'),
  '84': t('Lehrende und ausbildende Berufe', 'Teaching and training'),
  '91': t('Sprach-, literatur-, geistes-, gesellschafts- und wirtschaftswissenschaftliche Berufe', 'Languages, literature, humanities, social sciences and economics'),
  '92': t('Werbung, Marketing, kaufmännische und redaktionelle Medienberufe', 'Advertising, marketing, commercial and editorial media'),
  '93': t('Produktdesign und kunsthandwerkliche Berufe, bildende Kunst, Musikinstrumentenbau', 'Product design, crafts, fine arts and musical instruments'),
  '94': t('Darstellende und unterhaltende Berufe', 'Performing arts and entertainment'),
};
