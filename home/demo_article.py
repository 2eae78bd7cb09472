"""The seed article "Ouderlijk advies" (10 October 2017), reproduced word for word.

The wording, punctuation and typos (e.g. "Een luisterend door") are the published text: keep them.
Each item is ``("heading", text)`` or ``("paragraph", text)`` in reading order.
"""

# The paragraphs are published text: one string each, however long.
# ruff: noqa: E501

from datetime import date

TITLE = "Ouderlijk advies"
SLUG = "ouderlijk-advies"
DATE = date(2017, 10, 10)
AUTHOR = "Covalis"
HERO_CREDIT = "Foto Ouders"
HERO_CAPTION = ""
SEARCH_DESCRIPTION = (
    "Gedraagt u zich als expert soms als een betweterige ouder? Zo voorkomt u weerstand en krijgt uw advies wel gehoor."
)

BODY = [
    (
        "paragraph",
        "Wie pubers in huis heeft (of er zelf een is geweest) herkent het vast: als ervaringsdeskundige wéét u wat goed voor ze is, maar ze weigeren te luisteren. Roken, drinken, verkeerde vrienden… Hoe hard u ook probeert ze er van weg te houden, hoe aanlokkelijker het wordt. En andersom; hoe hard u ook uw best doet om ze op tijd in bed/aan het leren te krijgen, hoe erger ze in de contramine gaan. Het lijkt wel of al uw ervaring en uw levenswijsheid er niet meer toe doen. Met (interne) klanten werkt het eigenlijk net zo. Als inkoper, facilitaire manager of ICT-er bent u de expert op uw vakgebied. U wéét waar uw businessklant bij gebaat is en wat hen zal helpen in hun dagelijkse bedrijfsvoering. Maar die klant luistert niet!",
    ),
    ("heading", "Eigenwijze businessklant of betweterige expert?"),
    (
        "paragraph",
        "Laten we het even van een afstandje bekijken; gedraagt u zich als expert ook niet soms als die betweterige ouder? De autoriteit die vol testosteron roept wat de klant zou moeten doen? Omdat u nou eenmaal vakbekwaam bent en weet wat de klant nodig heeft? Waarbij het u mateloos irriteert dat de klant niets met uw adviezen doet en u hem soms wel over zijn bureau wil trekken om zoveel eigenwijsheid?",
    ),
    ("heading", "Een luisterend door"),
    (
        "paragraph",
        "Uw interne klant heeft –net als die puber- zijn eigen belevingswereld en zijn eigen agenda. Hij zit helemaal niet altijd te wachten op advies, hij wil vooral zijn eigen doelstellingen halen. Dat u een enorme voorsprong heeft in kennis, kunde en discipline van uw vakgebied, komt niet altijd over. Het testosteron zit namelijk in de weg. Oftewel: het adviestraject loopt niet goed. Uw klant wil iemand die naar hem luistert, begrip heeft en denkt vanuit de behoefte in plaats van een aanbod aan testosteron.",
    ),
    ("heading", "Gezamenlijk doel"),
    (
        "paragraph",
        "Primaire en secundaire proceshouders horen hetzelfde doel te dienen; de beste oplossing –uw product natuurlijk- voor de klant zijn vraagstuk. Om dat in het primaire proces duidelijk te krijgen, zult u als expert adviseren er als tweede vak bij moeten doen. Adviseren is de vaardigheid om -door middel van een goede entree- de klant te beïnvloeden en daarmee de acceptatie en veranderbereidheid te vergroten. Dat vereist echt contact en nieuwsgierigheid. De klant wil zijn verhaal kwijt, wil dat u zijn probleem begrijpt en dáár een oplossing bij zoekt. Het is net als met die puber. Die wil niet veroordeeld worden en horen wat hij moet doen, hij wil zijn verhaal kwijt en zélf tot het inzicht komen dat uw oplossing de beste is.",
    ),
    ("heading", "Adviseren kun je leren"),
    (
        "paragraph",
        "Wilt u effectief adviseren en de betweterige ouder in uzelf in toom houden? Zoekt u de manier om de puber in uw klant de juiste kant op te sturen? Dat kunt u leren! In de cursus Adviseren voor experts leert u o.a. weerstand voorkomen en meer grip te krijgen op het (klant)proces. Wat u nog meer leert, leest u in de onderstaande brochure.",
    ),
]

# The call-to-action under the text, with the no-break space of the original.
COURSE_CTA = "Naar training:\u00a0Adviesvaardigheden voor inkopers, ICT-ers, facilitaire en andere experts"
