"""Fictional names and places for the demo data: mixed Swedish and international first and
last names, street names and postal codes. Any likeness to a real person is chance."""

from __future__ import annotations


def _words(text: str) -> list[str]:
    return text.split()


def _lines(text: str) -> list[str]:
    return [item.strip() for item in text.replace("\n", ",").split(",") if item.strip()]


SWEDISH_WOMEN = _words(
    """
    Anna Eva Maria Karin Kristina Lena Sara Emma Ingrid Malin Elin Linda Johanna Susanne
    Annika Helena Camilla Ulrika Jenny Hanna Sofia Åsa Marie Birgitta Monica Therese Frida
    Ida Louise Matilda Jessica Petra Maja Agneta Gunilla Ebba Lisa Cecilia Josefin Madeleine
    """
)
SWEDISH_MEN = _words(
    """
    Lars Anders Johan Per Erik Karl Peter Mikael Jan Thomas Daniel Fredrik Hans Stefan
    Magnus Mattias Andreas Jonas Niklas Björn Martin Marcus Patrik Henrik Oskar Gustav Emil
    Viktor Sven Bengt Göran Ulf Kent Robert Tobias Joakim Linus Nils Olof Rasmus
    """
)
INTERNATIONAL_WOMEN = _words(
    """
    Amira Fatima Leyla Maryam Hodan Ayan Nour Rahel Aida Elif Zeynep Jelena Marta Agnieszka
    Olena Ana Lucía Amina Samira Yasmin Shirin Parisa Hana Dalia Rania Ikram Nasra Tigist
    Selam Mei Linh Priya Fadumo Iryna Gabriela
    """
)
INTERNATIONAL_MEN = _words(
    """
    Ahmed Mohammed Ali Omar Yusuf Hassan Mustafa Abdi Ibrahim Karim Tarek Samir Reza Dawit
    Yonas Mehmet Emre Goran Dragan Marko Piotr Tomasz Andriy Carlos Diego José Kwame Amir
    Bashir Hamid Nabil Faisal Hussein Adnan Mahmoud
    """
)
# Names chosen by people of any gender.
UNISEX = ["Kim", "Robin", "Alex", "Sam", "Charlie", "Noa", "Eli"]

SWEDISH_SURNAMES = _words(
    """
    Andersson Johansson Karlsson Nilsson Eriksson Larsson Olsson Persson Svensson Gustafsson
    Pettersson Jonsson Jansson Hansson Bengtsson Jönsson Lindberg Jakobsson Magnusson
    Olofsson Lindström Lindqvist Lindgren Berg Axelsson Bergström Lundberg Lind Lundgren
    Lundqvist Mattsson Berglund Fredriksson Sandberg Henriksson Forsberg Sjöberg Wallin
    Engström Eklund Danielsson Lundin Håkansson Björk Bergman Gunnarsson Holm Wikström
    Samuelsson Isaksson Fransson Bergqvist Nyström Holmberg Arvidsson Löfgren Söderberg
    Nyberg Blomqvist Claesson Nordström Mårtensson Lundström Hedlund Åberg Strand Falk
    Sundberg Öberg Ekström
    """
)
INTERNATIONAL_SURNAMES = _words(
    """
    Ali Mohamed Hassan Ahmed Hussein Abdullahi Yılmaz Demir Kaya Öztürk Nowak Kowalski
    Wiśniewski Kovačević Petrović Jovanović Hodžić Begić Haddad Khalil Nasser Rahimi
    Hosseini Karimi Mohammadi Tesfaye Gebremedhin Tekle Mengistu Nguyen Tran García
    Rodríguez López Silva Santos Shevchenko Kovalenko Popescu Ionescu Osman Warsame Farah
    Jama Suleiman Aziz Rashid Qureshi Singh Mensah
    """
)

STREETS = _lines(
    """
    Storgatan, Kungsgatan, Drottninggatan, Skolgatan, Järnvägsgatan, Parkvägen, Björkvägen
    Tallvägen, Industrigatan, Verkstadsgatan, Ringvägen, Kyrkogatan, Trädgårdsgatan, Ekvägen
    Lönnvägen, Bruksgatan, Sjögatan, Ängsvägen, Backvägen, Vallgatan, Hantverkargatan
    Repslagaregatan, Östra Promenaden, Västra vägen, Smedjegatan
    """
)

# Phone numbers the Swedish telecom regulator (PTS) keeps for fiction: 070-174 06 05–99.
FICTION_PHONE_FIRST = 5
FICTION_PHONE_LAST = 99


def fiction_phone(index: int) -> str:
    span = FICTION_PHONE_LAST - FICTION_PHONE_FIRST + 1
    return f"070-174 06 {FICTION_PHONE_FIRST + index % span:02d}"
