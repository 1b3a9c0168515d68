// A curated list of common given names across the locales our tenants write in (English, German, French,
// Spanish, Italian, Portuguese, Dutch, Nordic, Slavic, Turkish, Arabic, Persian, South Asian, East Asian,
// African). Lower-case; matched against capitalised words only. It is deliberately a few hundred names,
// not a census: the detector also relies on titles and context phrases for names it does not know.
const NAMES = `
aaron abby abdul abdullah abel abigail abraham ada adam adrian adriana agnes ahmed ahmad aidan aiden aisha
akira alan albert alberto alejandro aleksandr alessandro alex alexander alexandra alexandre alexis alfred
ali alice alicia alina alison allison alvaro amanda amelia amir amit amy ana anastasia anders andrea andreas
andrei andrew andrzej andy angela angelika angelo anil anita anja anke ann anna anne annette annika anthony
antoine antonio anya arjun arnaud arthur arturo ashley astrid aurelie aurélie axel ayesha barbara bart
beatrice beatriz ben benjamin benoit benoît bernard bernd bertrand beth bettina bianca birgit bjorn björn
blake boris brandon brenda brian brigitte bruno bryan caitlin camila camille carl carla carlos carmen
carol caroline carolyn casey catherine cecile cécile celine céline charles charlie charlotte chen chloe
chloé chris christian christina christine christoph christophe christopher claire clara claude claudia
colin connor constance craig cristina cynthia daniel daniela daniele danielle daria david debbie deborah
deepak denis dennis derek diana diane diego dieter dimitri dirk dmitri dmitry dominik dominique donald
dorothy doris douglas dylan edward elena eli elias elif elisabeth elizabeth ella ellen elodie élodie emily
emma emilia emil emmanuel enrique eric erik erika ernst esra esther ethan eva evelyn fabian fabienne
farah fatima fatma felix fernando filip florian francesca francesco francisco françois francois frank
franziska frederic frédéric frederik gabriel gabriela gabriele gareth gary george georg gerald gerhard
giovanni gisela giulia giuseppe gloria gonzalo gordon graham gregor gregory greta guillaume gunter günter
gustavo hamza hana hannah hans harald harold harry hassan heather heike heinz helen helena helga hendrik
henrik henry herbert hiroshi hugo hussein ian ibrahim ida igor ilse ines inès ingrid irene isaac isabel
isabella isabelle ivan jacob jacqueline jacques jakob james jan jana jane janet janine jannik jasmin jason
javier jean jeanne jeff jeffrey jennifer jens jeremy jerome jérôme jessica jiho jin joachim joanna joao
joão joel johan johanna johannes john jonas jonathan jordi jorge jose josé josef joseph joshua juan judith
julia julian julie julien julio jurgen jürgen justin kai karen karim karin karl kate katharina katherine
kathleen kathrin katja kavya kayla keith ken kenji kenneth kerstin kevin khalid kim klaus kofi kristina
kurt kwame kyle lara lars laura laurent lea léa leah lena leon leonie lina linda lisa liu lorenzo louis
louise luca lucas lucia lucie luis luisa lukas łukasz luke lutz magdalena maja manfred manon manuel manuela
marc marco marcus margaret margarete maria mariam marie marina mario marion marek mark markus marta martha
martin martina mary mateo mathias mathieu matthew matthias mattia max maxime maximilian mehmet melanie
melissa mia michael michaela michal michał micheal michel michelle miguel mika mikael milan min mohamed
mohammad mohammed monika monique moritz muhammad mustafa nadia nadine naomi natalia natalie nathalie
nathan neha nicholas nicola nicolas nicole niklas nikolai nils nina noah noemi noor nora norbert oliver
olivia olga omar oscar otto pablo pamela paolo pascal patricia patrick paul paula pauline pedro peter
petra philipp philippe pierre pietro piotr pooja priya rachel rafael rahul rainer raj rajesh ralf ramon
rania raphael raphaël rebecca regina reinhard renate rené rene ricardo richard rita robert roberto robin
rolf roman ronald rosa ruth ryan sabine sabrina sahil samantha samir samuel sandra sara sarah sascha
sebastian sebastien sébastien sergei sergey sergio shanti sharon shirin simon simone sofia sofie sophia
sophie stefan stefanie stephan stephanie stéphane steven susan susanne sven svetlana sylvie tamara tanja
tariq tatiana teresa thierry thomas tim timo tobias tom tomas tomás tomasz torsten ulrich ulrike ursula
uwe valentina valerie valérie vanessa vera veronica veronique véronique victor viktor vincent vinod
virginie vladimir walter wang wei werner wilhelm william wolfgang xavier yann yannick yasmin yasmine
yusuf yuki yves zainab zhang zoe zoé zofia
will may june april august mark grant bill jack rose lily hope faith grace joy summer dawn art ray guy
pat sue don chase hunter carter page rob sky paris jordan florence amber ruby jade iris ivy holly autumn
dean dale glen gene miles drew sterling victoria penny rich earl
`;

/** Given names that are also ordinary words: a person only with a surname after them or a title before. */
const AMBIGUOUS = `
will may june april august mark grant bill jack rose lily hope faith grace joy summer dawn art ray guy
pat sue don chase hunter carter page rob sky paris jordan florence amber ruby jade iris ivy holly autumn
dean dale glen gene miles drew sterling victoria penny rich earl max frank ben
`;

const words = (list: string): Set<string> => new Set(list.split(/\s+/).filter((w) => w.length > 0));

export const FIRST_NAMES: ReadonlySet<string> = words(NAMES);
export const AMBIGUOUS_FIRST_NAMES: ReadonlySet<string> = words(AMBIGUOUS);
